import { describe, expect, it, vi } from 'vitest';

// boot.ts reads what public/boot.js left on the window when it is first imported.
async function withEarly(early: Record<string, unknown>) {
  vi.resetModules();
  (globalThis as { __steercoBoot?: unknown }).__steercoBoot = early;
  return import('./boot');
}

describe('the answers asked for at start-up', () => {
  it('are taken once, by the first caller', async () => {
    const boot = await withEarly({ initiative_list: Promise.resolve({ known: 3 }) });
    await expect(boot.takeEarly('initiative_list')).resolves.toEqual({ known: 3 });
    expect(boot.takeEarly('initiative_list')).toBeUndefined();
    expect(boot.takeEarly('app_state')).toBeUndefined();
  });

  it('are shown without waiting once they have arrived', async () => {
    const boot = await withEarly({
      initiative_list: Promise.resolve({ known: 3 }),
      answers: { initiative_list: { known: 3 } },
    });
    expect(boot.takeAnswer('app_state')).toBeUndefined();
    expect(boot.takeAnswer('initiative_list')).toEqual({ known: 3 });
    expect(boot.takeAnswer('initiative_list')).toBeUndefined();
    expect(boot.takeEarly('initiative_list')).toBeUndefined();
  });

  it('fail as the commands do', async () => {
    const refused = Promise.reject({ code: 'no_workspace', params: {}, message: 'no workspace' });
    refused.catch(() => {});
    const boot = await withEarly({ app_state: refused });
    const { AppError } = await import('./app_error'); // the class boot.ts sees (modules were reset)
    const e = await boot.takeEarly('app_state')!.catch((e: unknown) => e);
    expect(e).toBeInstanceOf(AppError);
    expect((e as InstanceType<typeof AppError>).code).toBe('no_workspace');
  });

  it('let what waits for the first view run once it was painted', async () => {
    const boot = await withEarly({});
    const ran = vi.fn();
    boot.afterFirstView(ran);
    await Promise.resolve();
    expect(ran).not.toHaveBeenCalled();
    boot.firstViewPainted();
    await new Promise((r) => setTimeout(r));
    expect(ran).toHaveBeenCalledOnce();
  });
});

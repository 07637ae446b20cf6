//! The Tauri handlers, generated from the command list in
//! crates/steerco-app-core/src/commands.rs: one `#[tauri::command]` per line
//! of it, each taking the line's request type. `read`, `write` and `session`
//! commands call the core's handler under the session's lock (on the main
//! thread, as they are quick); `shell` commands call this crate's function of
//! the same name in `shell/`, on a worker thread (dialogs, network, progress).

use steerco_app_core::handlers;
use steerco_app_core::logs::ui_error;
use steerco_app_core::session::ApiError;
use tauri::{AppHandle, State};

use crate::commands::with;
use crate::Shell;

type Res<T> = Result<T, ApiError>;

/// Every error a command returns to the UI goes to the log by its code
/// (`logs::ui_error`).
macro_rules! tauri_command {
    (read $name:ident $req:ident $resp:ty) => {
        #[tauri::command]
        pub fn $name(shell: State<Shell>, req: steerco_app_core::requests::$req) -> Res<$resp> {
            with(&shell, |s| handlers::$name(s.store()?, req))
                .inspect_err(|e| ui_error(stringify!($name), e))
        }
    };
    (write $name:ident $req:ident $resp:ty) => {
        #[tauri::command]
        pub fn $name(shell: State<Shell>, req: steerco_app_core::requests::$req) -> Res<$resp> {
            with(&shell, |s| handlers::$name(s.store_mut()?, req))
                .inspect_err(|e| ui_error(stringify!($name), e))
        }
    };
    (session $name:ident $req:ident $resp:ty) => {
        #[tauri::command]
        pub fn $name(shell: State<Shell>, req: steerco_app_core::requests::$req) -> Res<$resp> {
            with(&shell, |s| handlers::$name(s, req))
                .inspect_err(|e| ui_error(stringify!($name), e))
        }
    };
    (shell $name:ident $req:ident $resp:ty) => {
        #[tauri::command(async)]
        pub fn $name(
            app: AppHandle,
            shell: State<Shell>,
            req: steerco_app_core::requests::$req,
        ) -> Res<$resp> {
            crate::shell::$name(&app, &shell, req).inspect_err(|e| ui_error(stringify!($name), e))
        }
    };
}

macro_rules! tauri_commands {
    ($( $kind:ident $name:ident ( $req:ident { $( $field:ident : $fty:ty ),* $(,)? } ) -> $resp:ty ; )*) => {
        $( tauri_command!($kind $name $req $resp); )*

        /// The handler of every command, for `Builder::invoke_handler`.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

steerco_app_core::for_each_command!(tauri_commands);

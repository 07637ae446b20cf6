// Declares the app's commands so each one needs an explicit permission,
// granted to the main window in capabilities/main.json.
fn main() {
    let commands: &[&str] = &include!("src/command_names.in");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build script");
}

//! The CLI and the app share one data folder: the app's, named by its
//! identifier.

use steerco_app_core::settings::APP_ID;

#[test]
fn the_cli_and_the_app_share_the_data_folder_the_app_is_configured_with() {
    let conf = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src-tauri/tauri.conf.json"),
    )
    .unwrap();
    let conf: serde_json::Value = serde_json::from_str(&conf).unwrap();
    assert_eq!(conf["identifier"], APP_ID);
}

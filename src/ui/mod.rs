pub fn run(_paths: Vec<std::path::PathBuf>) -> Result<(), String> {
    Err("the desktop app is not built yet".into())
}

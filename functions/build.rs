//! Embeds the site's post index when `FUNCTIONS_POSTS_INDEX` names it at build time, so a
//! deployed function (Netlify ships only the binary) knows which posts exist.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-env-changed=FUNCTIONS_POSTS_INDEX");
    let Some(out_dir) = env::var_os("OUT_DIR") else {
        panic!("cargo did not set OUT_DIR");
    };
    let out = PathBuf::from(out_dir).join("posts_index.json");
    let index = match env::var("FUNCTIONS_POSTS_INDEX") {
        Ok(path) if !path.is_empty() => {
            println!("cargo:rerun-if-changed={path}");
            fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("FUNCTIONS_POSTS_INDEX={path}: {e}"))
        }
        _ => String::new(),
    };
    if let Err(e) = fs::write(&out, index) {
        panic!("cannot write {}: {e}", out.display());
    }
}

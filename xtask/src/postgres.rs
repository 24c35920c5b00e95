//! A throwaway PostgreSQL cluster on loopback for the storage tests, started
//! by `cargo xtask test` and stopped when it ends.

use std::path::PathBuf;

use anyhow::{bail, Context};

use crate::cmd;

/// A running cluster; stopped and removed on drop.
pub struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    as_postgres: bool,
    pub url: String,
}

impl Postgres {
    /// Installs PostgreSQL if missing (as root), then starts a fresh cluster
    /// on a free port with trust authentication on 127.0.0.1 only.
    pub fn start() -> anyhow::Result<Postgres> {
        let bin = match find_bin() {
            Some(bin) => bin,
            None => {
                if !cmd::is_root() {
                    bail!("PostgreSQL is missing: run `sudo apt-get install -y postgresql`");
                }
                cmd::run(cmd::new("apt-get").args(["install", "-y", "postgresql"]))?;
                find_bin()
                    .context("postgresql installed, but initdb is not in /usr/lib/postgresql")?
            }
        };
        // initdb refuses to run as root: the cluster belongs to `postgres` then.
        let as_postgres = cmd::is_root();
        let data = std::env::temp_dir().join(format!("blog-test-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data)?;
        let port = free_port()?;
        let pg = Postgres {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            bin,
            data,
            as_postgres,
        };
        if as_postgres {
            cmd::run(cmd::new("chown").args(["-R", "postgres"]).arg(&pg.data))?;
        }
        pg.run(
            "initdb",
            &[
                "-D",
                &pg.data_str(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        )?;
        let options = format!(
            "-k {} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off",
            pg.data_str()
        );
        let log = pg.data.join("server.log");
        pg.run(
            "pg_ctl",
            &[
                "-D",
                &pg.data_str(),
                "-o",
                &options,
                "-l",
                &log.to_string_lossy(),
                "-w",
                "start",
            ],
        )?;
        eprintln!("PostgreSQL for the tests at {}", pg.url);
        Ok(pg)
    }

    fn data_str(&self) -> String {
        self.data.to_string_lossy().into_owned()
    }

    fn run(&self, tool: &str, args: &[&str]) -> anyhow::Result<()> {
        let program = self.bin.join(tool);
        if self.as_postgres {
            cmd::run(
                cmd::new("runuser")
                    .args(["-u", "postgres", "--"])
                    .arg(program)
                    .args(args),
            )
        } else {
            cmd::run(cmd::new(program).args(args))
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self.run(
            "pg_ctl",
            &["-D", &self.data_str(), "-m", "immediate", "stop"],
        );
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

fn find_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

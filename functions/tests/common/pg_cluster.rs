//! A PostgreSQL cluster of a test's own (initdb / pg_ctl from the Debian `postgresql`
//! package), on loopback, that the test can crash and start again.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A PostgreSQL cluster of this test's own, on loopback; stopped and removed on drop.
pub struct Cluster {
    bin: PathBuf,
    data: tempfile::TempDir,
    port: u16,
    as_postgres: bool,
}

fn find_pg_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Cluster {
    /// `None` (after a loud note) when PostgreSQL is not installed, unless `REQUIRE_POSTGRES=1`.
    pub fn create() -> Option<Self> {
        let Some(bin) = find_pg_bin() else {
            assert!(
                std::env::var("REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "REQUIRE_POSTGRES=1 but no initdb/pg_ctl under /usr/lib/postgresql/*/bin: \
                 the PostgreSQL outage was not tested"
            );
            let _ = writeln!(
                std::io::stderr().lock(),
                "\n!!!!!!!! SKIPPED: the PostgreSQL outage test needs initdb and pg_ctl under \
                 /usr/lib/postgresql/*/bin (apt-get install -y postgresql); REQUIRE_POSTGRES=1 \
                 turns this skip into a failure. !!!!!!!!\n"
            );
            return None;
        };
        // initdb refuses to run as root: the cluster then belongs to `postgres`.
        let as_postgres = is_root();
        let data = tempfile::Builder::new()
            .prefix("faults-pg-")
            .tempdir()
            .expect("temp dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let cluster = Self {
            bin,
            data,
            port,
            as_postgres,
        };
        if as_postgres {
            let ok = Command::new("chown")
                .args(["-R", "postgres"])
                .arg(cluster.data.path())
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "chown the cluster directory to postgres");
        }
        let dir = cluster.dir();
        cluster.run(
            "initdb",
            &["-D", &dir, "-A", "trust", "-U", "postgres", "--no-sync"],
        );
        Some(cluster)
    }

    fn dir(&self) -> String {
        self.data
            .path()
            .join("pgdata")
            .to_string_lossy()
            .into_owned()
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let program = self.bin.join(tool);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        let output = command
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run a PostgreSQL tool");
        assert!(
            output.status.success(),
            "{tool} {args:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    pub fn start(&self) {
        let dir = self.dir();
        let options = format!("-k {dir} -p {} -c listen_addresses=127.0.0.1", self.port);
        let log = format!("{dir}/server.log");
        self.run(
            "pg_ctl",
            &[
                "-D", &dir, "-o", &options, "-l", &log, "-w", "-t", "30", "start",
            ],
        );
    }

    /// A crash: the server exits at once, open connections see their socket close.
    pub fn crash(&self) {
        self.run(
            "pg_ctl",
            &["-D", &self.dir(), "-m", "immediate", "-w", "stop"],
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let dir = self.dir();
        if Path::new(&dir).join("postmaster.pid").exists() {
            let program = self.bin.join("pg_ctl");
            let args = ["-D", dir.as_str(), "-m", "immediate", "stop"];
            let _ = if self.as_postgres {
                Command::new("runuser")
                    .args(["-u", "postgres", "--"])
                    .arg(program)
                    .args(args)
                    .output()
            } else {
                Command::new(program).args(args).output()
            };
        }
    }
}

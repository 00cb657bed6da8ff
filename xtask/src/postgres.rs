//! A throwaway PostgreSQL cluster for the tests (issue 21): `initdb` into a temporary
//! directory, the server on a free port of 127.0.0.1 (trust, no fsync: nothing here needs to
//! outlive the run), stopped and deleted when dropped. PostgreSQL refuses to run as root:
//! as root, its programs run as the `postgres` user the package created.

use crate::tools::{as_root, ensure_postgres};
use std::path::PathBuf;
use std::process::Command;

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    pub port: u16,
}

impl Cluster {
    pub fn start() -> Result<Cluster, String> {
        let bin = ensure_postgres()?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        // In the system's temporary folder, not under the checkout: the `postgres` user must
        // reach it, and a checkout under a private home folder (`/root`) it can't.
        let dir = std::env::temp_dir().join(format!("partner-benefits-postgres-{port}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let cluster = Cluster { bin, dir, port };
        if as_root() {
            cluster.run("chown", &["-R", "postgres", cluster.dir_str()?], false)?;
        }
        let data = cluster.dir.join("data");
        let data = data.to_str().ok_or("a path that is not UTF-8")?;
        let initdb = cluster.bin.join("initdb");
        cluster.run(
            initdb.to_str().ok_or("path")?,
            &[
                "-D",
                data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            true,
        )?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=400",
            cluster.dir_str()?
        );
        let log = cluster.dir.join("log");
        let pg_ctl = cluster.bin.join("pg_ctl");
        cluster.run(
            pg_ctl.to_str().ok_or("path")?,
            &[
                "-D",
                data,
                "-w",
                "-l",
                log.to_str().ok_or("path")?,
                "-o",
                &options,
                "start",
            ],
            true,
        )?;
        println!("PostgreSQL at 127.0.0.1:{port} ({})", cluster.dir.display());
        Ok(cluster)
    }

    /// The URL of its server, without a database (the tests make one each).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}", self.port)
    }

    fn dir_str(&self) -> Result<&str, String> {
        self.dir.to_str().ok_or_else(|| "a path that is not UTF-8".into())
    }

    /// Runs `program`; as the `postgres` user when asked and this runs as root.
    fn run(&self, program: &str, args: &[&str], as_postgres: bool) -> Result<(), String> {
        let mut cmd = if as_postgres && as_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", program]);
            c
        } else {
            Command::new(program)
        };
        cmd.args(args).current_dir(&self.dir);
        let out = cmd
            .output()
            .map_err(|e| format!("could not run {program}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{program} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let pg_ctl = self.bin.join("pg_ctl");
        if let (Some(data), Some(pg_ctl)) = (data.to_str(), pg_ctl.to_str()) {
            let _ = self.run(pg_ctl, &["-D", data, "-m", "immediate", "stop"], true);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

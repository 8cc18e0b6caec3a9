//! `postgres://` URLs as libpq reads them: what the URL leaves out comes
//! from `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`,
//! `PGSSLMODE` and the password file (`PGPASSFILE`, else `~/.pgpass`). The
//! password is kept in the connection settings only; [`ServerUrl::shown`]
//! is what messages and the recent-servers list may show.

use super::error::ServerError;
use postgres::config::Host;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// libpq's `sslmode`, of which tokio-postgres knows only three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    /// TLS if the server offers it, unverified (libpq's default).
    Prefer,
    /// TLS or nothing, unverified, as libpq's `require`.
    Require,
    /// TLS with the certificate checked against the system's roots and the
    /// host name (`verify-ca` is taken as this too: stricter, never looser).
    VerifyFull,
}

/// A parsed server address with everything libpq would fill in.
#[derive(Clone)]
pub struct ServerUrl {
    pub(crate) config: postgres::Config,
    pub(crate) ssl: SslMode,
    shown: String,
}

impl std::fmt::Debug for ServerUrl {
    // Never the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ServerUrl({})", self.shown)
    }
}

/// Whether a command-line argument names a server rather than a file.
pub fn is_server_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// Where libpq's Debian build looks for the server's socket by default.
const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

impl ServerUrl {
    /// Parses `url`, filling the gaps from the environment and the password file.
    pub fn parse(url: &str) -> Result<ServerUrl, ServerError> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let pgpass = env("PGPASSFILE")
            .map(PathBuf::from)
            .or_else(|| env("HOME").map(|h| Path::new(&h).join(".pgpass")));
        ServerUrl::parse_with(url, &env, pgpass.as_deref())
    }

    /// [`parse`](Self::parse) with the environment and password file given (for tests).
    pub fn parse_with(
        url: &str,
        env: &dyn Fn(&str) -> Option<String>,
        pgpass: Option<&Path>,
    ) -> Result<ServerUrl, ServerError> {
        if !is_server_url(url) {
            return Err(ServerError::BadUrl(format!(
                "\"{}\" is not a server address; it starts with postgres://",
                redact(url)
            )));
        }
        let (rest, sslmode) = take_param(url, "sslmode");
        let mut config = postgres::Config::from_str(&rest)
            .map_err(|e| ServerError::BadUrl(format!("cannot read the server address {}: {e}", redact(url))))?;
        if config.get_hosts().is_empty() {
            match env("PGHOST") {
                Some(h) if h.starts_with('/') => config.host_path(h),
                Some(h) => config.host(&h),
                None if Path::new(DEFAULT_SOCKET_DIR).exists() => config.host_path(DEFAULT_SOCKET_DIR),
                None => config.host("localhost"),
            };
        }
        if config.get_ports().is_empty()
            && let Some(p) = env("PGPORT")
        {
            let port = p
                .parse()
                .map_err(|_| ServerError::BadUrl(format!("PGPORT={p} is not a port number")))?;
            config.port(port);
        }
        if config.get_user().is_none() {
            let user = env("PGUSER")
                .or_else(|| env("USER"))
                .unwrap_or_else(|| "postgres".into());
            config.user(&user);
        }
        if config.get_dbname().is_none() {
            let db = env("PGDATABASE").unwrap_or_else(|| config.get_user().unwrap_or_default().to_owned());
            config.dbname(&db);
        }
        if config.get_password().is_none() {
            if let Some(p) = env("PGPASSWORD") {
                config.password(p);
            } else if let Some(file) = pgpass
                && let Some(p) = pgpass_lookup(file, &config)
            {
                config.password(p);
            }
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        config.application_name("stance-tracker");
        let ssl = match sslmode.or_else(|| env("PGSSLMODE")).as_deref() {
            None | Some("prefer") | Some("allow") => SslMode::Prefer,
            Some("disable") => SslMode::Disable,
            Some("require") => SslMode::Require,
            Some("verify-ca") | Some("verify-full") => SslMode::VerifyFull,
            Some(other) => {
                return Err(ServerError::BadUrl(format!(
                    "sslmode={other} is not one of disable, allow, prefer, require, verify-ca, verify-full"
                )));
            }
        };
        let shown = show(&config);
        Ok(ServerUrl { config, ssl, shown })
    }

    /// The address without the password: for messages, logs and the list
    /// of recent servers.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The address to reconnect with later (the list of recent servers):
    /// [`shown`](Self::shown) with the TLS mode when it is not libpq's
    /// default. Never the password: `~/.pgpass` or `PGPASSWORD` give it.
    pub fn remembered(&self) -> String {
        let mode = match self.ssl {
            SslMode::Prefer => return self.shown.clone(),
            SslMode::Disable => "disable",
            SslMode::Require => "require",
            SslMode::VerifyFull => "verify-full",
        };
        let sep = if self.shown.contains('?') { '&' } else { '?' };
        format!("{}{sep}sslmode={mode}", self.shown)
    }

    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    pub fn dbname(&self) -> &str {
        self.config.get_dbname().unwrap_or_default()
    }
}

/// `postgres://user@host:port/db`, a socket folder written as libpq's `host=` parameter.
fn show(config: &postgres::Config) -> String {
    let user = config.get_user().unwrap_or_default();
    let db = config.get_dbname().unwrap_or_default();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    match config.get_hosts().first() {
        Some(Host::Unix(dir)) => format!("postgres://{user}@/{db}?host={}&port={port}", dir.display()),
        Some(Host::Tcp(h)) => format!("postgres://{user}@{h}:{port}/{db}"),
        None => format!("postgres://{user}@/{db}"),
    }
}

/// The URL as typed, with any password replaced by `***` (for a message
/// about a URL that could not be read).
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let after = &url[scheme_end + 3..];
    let auth_end = after.find(['/', '?']).unwrap_or(after.len());
    let auth = &after[..auth_end];
    let mut out = url.to_owned();
    if let Some(at) = auth.rfind('@')
        && let Some(colon) = auth[..at].find(':')
    {
        let start = scheme_end + 3 + colon + 1;
        out.replace_range(start..scheme_end + 3 + at, "***");
    }
    // password=… as a query parameter.
    if let Some(i) = out.find("password=") {
        let end = out[i..].find('&').map_or(out.len(), |e| i + e);
        out.replace_range(i + "password=".len()..end, "***");
    }
    out
}

/// The URL without one query parameter, and that parameter's value.
fn take_param(url: &str, name: &str) -> (String, Option<String>) {
    let Some(q) = url.find('?') else {
        return (url.to_owned(), None);
    };
    let mut value = None;
    let kept: Vec<&str> = url[q + 1..]
        .split('&')
        .filter(|kv| match kv.split_once('=') {
            Some((k, v)) if k == name => {
                value = Some(v.to_owned());
                false
            }
            _ => true,
        })
        .collect();
    let base = &url[..q];
    if kept.is_empty() {
        (base.to_owned(), value)
    } else {
        (format!("{base}?{}", kept.join("&")), value)
    }
}

/// The password for this connection in a libpq password file
/// (`host:port:database:user:password`, `*` matching anything, `\:` and
/// `\\` escaped). A file others can read is ignored, as libpq does.
fn pgpass_lookup(file: &Path, config: &postgres::Config) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(file).ok()?;
    // A socket connection matches "localhost", as in libpq.
    let host = match config.get_hosts().first()? {
        Host::Tcp(h) => h.clone(),
        Host::Unix(_) => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432).to_string();
    let want = [
        host.as_str(),
        port.as_str(),
        config.get_dbname().unwrap_or_default(),
        config.get_user().unwrap_or_default(),
    ];
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            continue;
        }
        if fields[..4].iter().zip(want).all(|(f, w)| f == "*" || f == w) {
            return Some(fields[4].clone());
        }
    }
    None
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    fields.last_mut().unwrap().push(n);
                }
            }
            // The password is the rest of the line, colons and all.
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn the_environment_fills_what_the_url_leaves_out() {
        let env = |k: &str| match k {
            "PGHOST" => Some("db.example.org".to_owned()),
            "PGPORT" => Some("6543".to_owned()),
            "PGUSER" => Some("ana".to_owned()),
            "PGPASSWORD" => Some("s3cret".to_owned()),
            _ => None,
        };
        let url = ServerUrl::parse_with("postgres:///team", &env, None).unwrap();
        assert_eq!(url.shown(), "postgres://ana@db.example.org:6543/team");
        assert_eq!(url.config.get_password(), Some(&b"s3cret"[..]));
        assert!(!format!("{url:?}").contains("s3cret"));
    }

    #[test]
    fn the_password_never_shows() {
        let url = ServerUrl::parse_with("postgres://ana:pa55@h:5433/db?sslmode=require", &no_env, None).unwrap();
        assert_eq!(url.shown(), "postgres://ana@h:5433/db");
        assert_eq!(url.ssl, SslMode::Require);
        assert_eq!(redact("postgres://ana:pa55@h/db"), "postgres://ana:***@h/db");
        assert_eq!(
            redact("postgres://h/db?password=pa55&x=1"),
            "postgres://h/db?password=***&x=1"
        );
        let err = ServerUrl::parse_with("postgres://ana:pa55@h/db?sslmode=bogus", &no_env, None).unwrap_err();
        assert!(!err.to_string().contains("pa55"), "{err}");
    }

    #[test]
    fn the_password_file_is_read_as_libpq_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(&file, "# team\nother:*:*:*:no\nh:5432:team:ana:a\\:b:c\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let url = ServerUrl::parse_with("postgres://ana@h/team", &no_env, Some(&file)).unwrap();
        assert_eq!(url.config.get_password(), Some(&b"a:b:c"[..]));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
            let url = ServerUrl::parse_with("postgres://ana@h/team", &no_env, Some(&file)).unwrap();
            assert_eq!(url.config.get_password(), None, "a readable password file is ignored");
        }
    }

    #[test]
    fn a_socket_folder_is_a_host() {
        let url = ServerUrl::parse_with("postgres://ana@/team?host=/tmp/sock", &no_env, None).unwrap();
        assert_eq!(url.shown(), "postgres://ana@/team?host=/tmp/sock&port=5432");
        assert!(ServerUrl::parse_with("team.stance.json", &no_env, None).is_err());
    }
}

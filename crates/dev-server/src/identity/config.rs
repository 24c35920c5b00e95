//! Configuration of the identity API, read from GoTrue's own environment variable names
//! where GoTrue has one (`GOTRUE_*`), and `DEV_*` for what only the local stack has.

use identity_core::wire::{ExternalProviders, Provider};

use super::passwords::PasswordParams;
use super::rate_limit::RateLimitConfig;

/// A variable that is set but cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}={value:?}: {reason}")]
pub struct ConfigError {
    /// The variable.
    pub name: String,
    /// Its value.
    pub value: String,
    /// What was expected.
    pub reason: &'static str,
}

/// Everything the identity API can be told. [`IdentityConfig::default`] is the local stack's
/// behaviour with no variables set; [`IdentityConfig::from_env`] reads the variables.
#[derive(Clone, PartialEq, Eq)]
pub struct IdentityConfig {
    /// `GOTRUE_JWT_SECRET`. `None`: a random secret is made on first start and kept in
    /// `<data>/jwt_secret`, so sessions survive restarts.
    pub jwt_secret: Option<String>,
    /// `GOTRUE_JWT_EXP`: access token lifetime in seconds (default 3600).
    pub jwt_exp: u64,
    /// `GOTRUE_JWT_AUD`: the audience users get when a request names none (default `""`).
    pub aud: String,
    /// `GOTRUE_MAILER_AUTOCONFIRM`: sign-ups are confirmed at once (default false).
    pub autoconfirm: bool,
    /// `GOTRUE_DISABLE_SIGNUP`: `/signup` answers 403 (default false).
    pub disable_signup: bool,
    /// `GOTRUE_SITE_URL`: where email links and OAuth returns point. `None`: the address
    /// the server listens on.
    pub site_url: Option<String>,
    /// `GOTRUE_EXTERNAL_<PROVIDER>_ENABLED` for github, gitlab, google, bitbucket (all on by
    /// default: the local consent page stands in for every one of them).
    pub external: ExternalProviders,
    /// `GOTRUE_REFRESH_TOKEN_LIFETIME` (seconds, default 30 days): a refresh token expires
    /// this long after it was issued; rotation makes it a sliding window.
    pub refresh_token_lifetime_secs: i64,
    /// `GOTRUE_SMTP_MAX_FREQUENCY` (Go duration or seconds, default 0 = off): confirmation
    /// mails are not resent, and recovery answers 429, within this window.
    pub max_frequency_secs: i64,
    /// Lifetime of confirmation, recovery and email-change tokens (24 h).
    pub email_token_max_age_secs: i64,
    /// `GOTRUE_INVITE_MAX_AGE` (seconds, default 7 days). Unlike GoTrue, enforced.
    pub invite_max_age_secs: i64,
    /// `GOTRUE_OPERATOR_TOKEN`: a bearer value that is admin without being a JWT (Netlify's
    /// own operator credential; off by default).
    pub operator_token: Option<String>,
    /// `GOTRUE_COOKIE_KEY` (default `nf_jwt`).
    pub cookie_key: String,
    /// `GOTRUE_COOKIE_DURATION` in seconds (default 86400).
    pub cookie_duration_secs: u64,
    /// `DEV_ARGON2_MEMORY_KIB`, `DEV_ARGON2_ITERATIONS`, `DEV_ARGON2_PARALLELISM`.
    pub password: PasswordParams,
    /// `DEV_TOKEN_RATE_LIMIT=off` turns the `/token` limiter off.
    pub rate_limit: RateLimitConfig,
    /// `DEV_ADMIN_EMAIL` (default `admin@example.com`).
    pub admin_email: String,
    /// `DEV_ADMIN_PASSWORD` (default `admin-password`).
    pub admin_password: String,
}

impl std::fmt::Debug for IdentityConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityConfig")
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "***"))
            .field("jwt_exp", &self.jwt_exp)
            .field("autoconfirm", &self.autoconfirm)
            .field("disable_signup", &self.disable_signup)
            .field("site_url", &self.site_url)
            .field("password", &self.password)
            .field("rate_limit", &self.rate_limit)
            .field("admin_email", &self.admin_email)
            .finish_non_exhaustive()
    }
}

/// The default admin address.
pub const DEFAULT_ADMIN_EMAIL: &str = "admin@example.com";
/// The default admin password, printed on the console and in the README.
pub const DEFAULT_ADMIN_PASSWORD: &str = "admin-password";

const DAY: i64 = 24 * 3600;

impl Default for IdentityConfig {
    fn default() -> Self {
        let mut external = ExternalProviders::default();
        for p in [
            Provider::Github,
            Provider::Gitlab,
            Provider::Google,
            Provider::Bitbucket,
        ] {
            external.set(p, true);
        }
        Self {
            jwt_secret: None,
            jwt_exp: 3600,
            aud: String::new(),
            autoconfirm: false,
            disable_signup: false,
            site_url: None,
            external,
            refresh_token_lifetime_secs: 30 * DAY,
            max_frequency_secs: 0,
            email_token_max_age_secs: DAY,
            invite_max_age_secs: 7 * DAY,
            operator_token: None,
            cookie_key: "nf_jwt".to_owned(),
            cookie_duration_secs: 86_400,
            password: PasswordParams::default(),
            rate_limit: RateLimitConfig::default(),
            admin_email: DEFAULT_ADMIN_EMAIL.to_owned(),
            admin_password: DEFAULT_ADMIN_PASSWORD.to_owned(),
        }
    }
}

impl IdentityConfig {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `lookup` (tests pass a map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut c = Self::default();
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        if let Some(v) = get("GOTRUE_JWT_SECRET") {
            c.jwt_secret = Some(v);
        }
        if let Some(v) = get("GOTRUE_JWT_EXP") {
            c.jwt_exp = number(&v, "GOTRUE_JWT_EXP")?;
        }
        if let Some(v) = get("GOTRUE_JWT_AUD") {
            c.aud = v;
        }
        if let Some(v) = get("GOTRUE_MAILER_AUTOCONFIRM") {
            c.autoconfirm = boolean(&v, "GOTRUE_MAILER_AUTOCONFIRM")?;
        }
        if let Some(v) = get("GOTRUE_DISABLE_SIGNUP") {
            c.disable_signup = boolean(&v, "GOTRUE_DISABLE_SIGNUP")?;
        }
        if let Some(v) = get("GOTRUE_SITE_URL") {
            c.site_url = Some(v.trim_end_matches('/').to_owned());
        }
        for p in [
            Provider::Github,
            Provider::Gitlab,
            Provider::Google,
            Provider::Bitbucket,
        ] {
            let name = format!("GOTRUE_EXTERNAL_{}_ENABLED", p.as_str().to_uppercase());
            if let Some(v) = get(&name) {
                c.external.set(p, boolean(&v, &name)?);
            }
        }
        if let Some(v) = get("GOTRUE_REFRESH_TOKEN_LIFETIME") {
            c.refresh_token_lifetime_secs = duration(&v, "GOTRUE_REFRESH_TOKEN_LIFETIME")?;
        }
        if let Some(v) = get("GOTRUE_SMTP_MAX_FREQUENCY") {
            c.max_frequency_secs = duration(&v, "GOTRUE_SMTP_MAX_FREQUENCY")?;
        }
        if let Some(v) = get("GOTRUE_INVITE_MAX_AGE") {
            c.invite_max_age_secs = duration(&v, "GOTRUE_INVITE_MAX_AGE")?;
        }
        if let Some(v) = get("GOTRUE_OPERATOR_TOKEN") {
            c.operator_token = Some(v);
        }
        if let Some(v) = get("GOTRUE_COOKIE_KEY") {
            c.cookie_key = v;
        }
        if let Some(v) = get("GOTRUE_COOKIE_DURATION") {
            c.cookie_duration_secs = number(&v, "GOTRUE_COOKIE_DURATION")?;
        }
        if let Some(v) = get("DEV_ARGON2_MEMORY_KIB") {
            c.password.memory_kib = number(&v, "DEV_ARGON2_MEMORY_KIB")?;
        }
        if let Some(v) = get("DEV_ARGON2_ITERATIONS") {
            c.password.iterations = number(&v, "DEV_ARGON2_ITERATIONS")?;
        }
        if let Some(v) = get("DEV_ARGON2_PARALLELISM") {
            c.password.parallelism = number(&v, "DEV_ARGON2_PARALLELISM")?;
        }
        if let Some(v) = get("DEV_TOKEN_RATE_LIMIT") {
            c.rate_limit.enabled = boolean(&v, "DEV_TOKEN_RATE_LIMIT")?;
        }
        if let Some(v) = get("DEV_ADMIN_EMAIL") {
            c.admin_email = v;
        }
        if let Some(v) = lookup("DEV_ADMIN_PASSWORD").filter(|v| !v.is_empty()) {
            c.admin_password = v;
        }
        Ok(c)
    }
}

fn error(name: &str, value: &str, reason: &'static str) -> ConfigError {
    ConfigError {
        name: name.to_owned(),
        value: value.to_owned(),
        reason,
    }
}

fn number<T: std::str::FromStr>(value: &str, name: &str) -> Result<T, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|_| error(name, value, "expected a whole number"))
}

fn boolean(value: &str, name: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "t" | "yes" | "on" => Ok(true),
        "0" | "false" | "f" | "no" | "off" => Ok(false),
        _ => Err(error(name, value, "expected true or false")),
    }
}

/// Seconds, or a Go duration made of `<n>h`, `<n>m`, `<n>s` parts (`15m`, `1h30m`).
fn duration(value: &str, name: &str) -> Result<i64, ConfigError> {
    let text = value.trim();
    if let Ok(secs) = text.parse::<i64>() {
        return Ok(secs);
    }
    let bad = || error(name, value, "expected seconds or a duration such as 15m");
    let mut total: i64 = 0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().map_err(|_| bad())?;
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return Err(bad()),
        };
        total = n
            .checked_mul(unit)
            .and_then(|x| total.checked_add(x))
            .ok_or_else(bad)?;
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(bad());
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(vars: &[(&str, &str)]) -> Result<IdentityConfig, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        IdentityConfig::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn no_variables_gives_the_defaults() {
        assert_eq!(from(&[]).unwrap(), IdentityConfig::default());
    }

    #[test]
    fn gotrue_names_are_read() {
        let c = from(&[
            ("GOTRUE_JWT_SECRET", "s3cret"),
            ("GOTRUE_JWT_EXP", "600"),
            ("GOTRUE_MAILER_AUTOCONFIRM", "true"),
            ("GOTRUE_DISABLE_SIGNUP", "1"),
            ("GOTRUE_SITE_URL", "https://blog.example/"),
            ("GOTRUE_EXTERNAL_GITLAB_ENABLED", "false"),
            ("GOTRUE_SMTP_MAX_FREQUENCY", "15m"),
        ])
        .unwrap();
        assert_eq!(c.jwt_secret.as_deref(), Some("s3cret"));
        assert_eq!(c.jwt_exp, 600);
        assert!(c.autoconfirm && c.disable_signup);
        assert_eq!(c.site_url.as_deref(), Some("https://blog.example"));
        assert!(!c.external.gitlab && c.external.github);
        assert_eq!(c.max_frequency_secs, 900);
    }

    #[test]
    fn unreadable_values_are_errors_not_defaults() {
        assert!(from(&[("GOTRUE_JWT_EXP", "an hour")]).is_err());
        assert!(from(&[("GOTRUE_MAILER_AUTOCONFIRM", "maybe")]).is_err());
        assert!(from(&[("GOTRUE_SMTP_MAX_FREQUENCY", "15x")]).is_err());
    }

    #[test]
    fn go_durations_add_up() {
        assert_eq!(duration("1h30m5s", "X"), Ok(5405));
        assert_eq!(duration("42", "X"), Ok(42));
        assert!(duration("5", "X").is_ok());
        assert!(duration("m", "X").is_err());
    }
}

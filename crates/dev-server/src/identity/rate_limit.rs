//! Throttling of password guesses on `POST /token`. Pure logic: the caller passes the time.
//!
//! Two independent rules, both counting **failed** password attempts only, so logins that
//! succeed and refresh grants are never slowed (GoTrue's own limiter, off by default, counts
//! every request per header value):
//!
//! * **Per address** (client IP): at most `ip_failures` failures in a sliding
//!   `ip_window_ms`; beyond that every password attempt from the address gets 429 until the
//!   oldest failure leaves the window.
//! * **Per account** (lower-cased email): after `email_free_failures` consecutive failures,
//!   the account is locked for `email_base_delay_ms`, doubling with each further failure up
//!   to `email_max_delay_ms`. A successful login clears the count. The lock is short and
//!   capped so that an attacker cannot lock the owner out for long. An attempt counts as soon
//!   as it is allowed (until it succeeds), so guesses sent in parallel cannot all pass the
//!   check before the first failure is recorded.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;

/// Limits. The defaults allow a typing human plenty of room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitConfig {
    /// Off: every attempt is allowed.
    pub enabled: bool,
    /// Failures an address may have within the window.
    pub ip_failures: usize,
    /// The window, milliseconds.
    pub ip_window_ms: u64,
    /// Consecutive failures on one account before it is slowed.
    pub email_free_failures: u32,
    /// First lock, milliseconds.
    pub email_base_delay_ms: u64,
    /// Longest lock, milliseconds.
    pub email_max_delay_ms: u64,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            ip_failures: 30,
            ip_window_ms: 5 * 60 * 1000,
            email_free_failures: 5,
            email_base_delay_ms: 1000,
            email_max_delay_ms: 5 * 60 * 1000,
        }
    }
}

/// The answer for one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead and check the password.
    Allow,
    /// Refuse with 429; try again after this many milliseconds.
    Refuse {
        /// Milliseconds until an attempt may be allowed.
        retry_after_ms: u64,
    },
}

#[derive(Debug, Default, Clone)]
struct AccountState {
    consecutive: u32,
    locked_until_ms: u64,
}

/// Failure history. Keep one per server, behind a mutex.
#[derive(Debug, Default, Clone)]
pub struct RateLimiter {
    config: RateLimitConfig,
    by_ip: HashMap<IpAddr, VecDeque<u64>>,
    by_email: HashMap<String, AccountState>,
}

impl RateLimiter {
    /// An empty history.
    pub fn new(config: RateLimitConfig) -> Self {
        Self {
            config,
            ..Self::default()
        }
    }

    /// May `ip` try a password for `email` at `now_ms`? An allowed attempt is counted against
    /// the account at once (as if it failed; [`RateLimiter::success`] clears it), so parallel
    /// guesses cannot all slip past the check before the first one is recorded.
    pub fn attempt(&mut self, ip: IpAddr, email: &str, now_ms: u64) -> Decision {
        if !self.config.enabled {
            return Decision::Allow;
        }
        let mut wait = 0u64;
        if let Some(failures) = self.by_ip.get_mut(&ip) {
            prune(failures, now_ms, self.config.ip_window_ms);
            if failures.len() >= self.config.ip_failures {
                if let Some(oldest) = failures.front() {
                    wait = wait.max((oldest + self.config.ip_window_ms).saturating_sub(now_ms));
                }
            }
        }
        if let Some(account) = self.by_email.get(&key(email)) {
            wait = wait.max(account.locked_until_ms.saturating_sub(now_ms));
        }
        if wait > 0 {
            return Decision::Refuse {
                retry_after_ms: wait,
            };
        }
        let c = self.config;
        let account = self.by_email.entry(key(email)).or_default();
        account.consecutive = account.consecutive.saturating_add(1);
        if account.consecutive >= c.email_free_failures {
            let doublings = (account.consecutive - c.email_free_failures).min(32);
            let delay = c
                .email_base_delay_ms
                .saturating_mul(1u64 << doublings)
                .min(c.email_max_delay_ms);
            account.locked_until_ms = now_ms.saturating_add(delay);
        }
        Decision::Allow
    }

    /// Records that an allowed attempt from `ip` failed (wrong password or unknown account).
    pub fn failure(&mut self, ip: IpAddr, now_ms: u64) {
        if !self.config.enabled {
            return;
        }
        let window = self.config.ip_window_ms;
        let failures = self.by_ip.entry(ip).or_default();
        prune(failures, now_ms, window);
        failures.push_back(now_ms);
        self.forget_old(now_ms);
    }

    /// Records a successful login: the account's count starts again.
    pub fn success(&mut self, email: &str) {
        self.by_email.remove(&key(email));
    }

    /// Drops state that can no longer refuse anything, so memory stays bounded by recent
    /// activity.
    fn forget_old(&mut self, now_ms: u64) {
        if self.by_ip.len() + self.by_email.len() < 10_000 {
            return;
        }
        let window = self.config.ip_window_ms;
        let max_delay = self.config.email_max_delay_ms;
        self.by_ip.retain(|_, f| {
            prune(f, now_ms, window);
            !f.is_empty()
        });
        self.by_email
            .retain(|_, a| a.locked_until_ms.saturating_add(max_delay) > now_ms);
    }
}

fn key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn prune(failures: &mut VecDeque<u64>, now_ms: u64, window: u64) {
    while failures
        .front()
        .is_some_and(|&t| t.saturating_add(window) <= now_ms)
    {
        failures.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IP: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);
    const OTHER_IP: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    fn limiter() -> RateLimiter {
        RateLimiter::new(RateLimitConfig::default())
    }

    /// An attempt that fails.
    fn fail(l: &mut RateLimiter, ip: IpAddr, email: &str, now: u64) -> Decision {
        let d = l.attempt(ip, email, now);
        if d == Decision::Allow {
            l.failure(ip, now);
        }
        d
    }

    #[test]
    fn first_failures_are_free() {
        let mut l = limiter();
        for i in 0..4 {
            assert_eq!(fail(&mut l, IP, "a@b.c", i), Decision::Allow);
        }
        assert_eq!(l.attempt(IP, "a@b.c", 5), Decision::Allow);
    }

    #[test]
    fn account_is_locked_after_five_failures_and_the_lock_doubles() {
        let mut l = limiter();
        for _ in 0..5 {
            assert_eq!(fail(&mut l, IP, "a@b.c", 0), Decision::Allow);
        }
        assert_eq!(
            l.attempt(IP, "a@b.c", 0),
            Decision::Refuse {
                retry_after_ms: 1000
            }
        );
        assert_eq!(fail(&mut l, IP, "a@b.c", 1000), Decision::Allow);
        assert_eq!(
            l.attempt(IP, "a@b.c", 1000),
            Decision::Refuse {
                retry_after_ms: 2000
            }
        );
    }

    #[test]
    fn parallel_attempts_count_before_their_answers() {
        let mut l = limiter();
        // Five guesses in flight at once, none answered yet: the sixth is refused.
        for _ in 0..5 {
            assert_eq!(l.attempt(IP, "a@b.c", 0), Decision::Allow);
        }
        assert!(matches!(l.attempt(IP, "a@b.c", 0), Decision::Refuse { .. }));
    }

    #[test]
    fn lock_is_capped() {
        let mut l = limiter();
        let mut t = 0;
        for n in 0..20u32 {
            // A new address each time, so only the account rule is at play.
            let ip = IpAddr::V4(std::net::Ipv4Addr::from(n));
            loop {
                match l.attempt(ip, "a@b.c", t) {
                    Decision::Allow => {
                        l.failure(ip, t);
                        break;
                    }
                    Decision::Refuse { retry_after_ms } => {
                        assert!(retry_after_ms <= 5 * 60 * 1000);
                        t += retry_after_ms;
                    }
                }
            }
        }
        assert_eq!(
            l.attempt(IP, "a@b.c", t),
            Decision::Refuse {
                retry_after_ms: 5 * 60 * 1000
            }
        );
    }

    #[test]
    fn account_key_ignores_case_and_spaces() {
        let mut l = limiter();
        for _ in 0..5 {
            fail(&mut l, IP, "Jane@Example.com ", 0);
        }
        assert!(matches!(
            l.attempt(OTHER_IP, "jane@example.com", 0),
            Decision::Refuse { .. }
        ));
    }

    #[test]
    fn success_clears_the_account() {
        let mut l = limiter();
        for _ in 0..4 {
            fail(&mut l, IP, "a@b.c", 0);
        }
        assert_eq!(l.attempt(IP, "a@b.c", 0), Decision::Allow);
        l.success("a@b.c");
        fail(&mut l, IP, "a@b.c", 0);
        assert_eq!(l.attempt(IP, "a@b.c", 0), Decision::Allow);
    }

    #[test]
    fn address_spraying_many_accounts_is_refused_until_the_window_moves() {
        let mut l = limiter();
        for i in 0..30u64 {
            assert_eq!(
                fail(&mut l, IP, &format!("user{i}@b.c"), i * 1000),
                Decision::Allow
            );
        }
        assert_eq!(
            l.attempt(IP, "fresh@b.c", 30_000),
            Decision::Refuse {
                retry_after_ms: 270_000
            }
        );
        assert_eq!(l.attempt(OTHER_IP, "fresh@b.c", 30_000), Decision::Allow);
        assert_eq!(l.attempt(IP, "fresh@b.c", 300_000), Decision::Allow);
    }

    #[test]
    fn successful_logins_never_count_against_the_address() {
        let mut l = limiter();
        for i in 0..100 {
            assert_eq!(l.attempt(IP, "a@b.c", i), Decision::Allow);
            l.success("a@b.c");
        }
    }

    #[test]
    fn disabled_limiter_allows_everything() {
        let mut l = RateLimiter::new(RateLimitConfig {
            enabled: false,
            ..RateLimitConfig::default()
        });
        for _ in 0..100 {
            assert_eq!(fail(&mut l, IP, "a@b.c", 0), Decision::Allow);
        }
    }

    #[test]
    fn memory_is_reclaimed_once_state_is_stale() {
        let mut l = limiter();
        for i in 0..10_001u32 {
            let ip = IpAddr::V4(std::net::Ipv4Addr::from(i));
            fail(&mut l, ip, &format!("u{i}@b.c"), 0);
        }
        fail(&mut l, IP, "last@b.c", 24 * 3600 * 1000);
        assert!(l.by_ip.len() < 10);
        assert!(l.by_email.len() < 10);
    }
}

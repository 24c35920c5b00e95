//! What the handlers share: the store, the known posts, the admin list, limits and the clock.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use identity_core::time::UnixTime;

use crate::context::NetlifyContext;
use crate::handlers;
use crate::handlers::identity_signup::AdminEmails;
use crate::identity_admin::{HttpIdentityAdmin, IdentityAdmin};
use crate::posts::KnownPosts;
use crate::request::Request;
use crate::response::Response;
use crate::store::CommentStore;

/// Where handlers get the time from; tests pin it.
pub type Clock = Arc<dyn Fn() -> UnixTime + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        UnixTime {
            secs: i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            nanos: since.subsec_nanos(),
        }
    })
}

/// Size limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body accepted, in bytes. The default (64 KiB) fits the longest comment
    /// even with every character escaped as `\uXXXX`.
    pub max_request_bytes: usize,
    /// Page size when the client gives no `limit`.
    pub default_page: u32,
    /// Largest `limit` accepted.
    pub max_page: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_request_bytes: 64 * 1024,
            default_page: 50,
            max_page: 100,
        }
    }
}

/// The four functions, by their Netlify names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    /// `submit-comment`.
    SubmitComment,
    /// `list-comments`.
    ListComments,
    /// `moderate-comment`.
    ModerateComment,
    /// `identity-signup` (called by Identity, not by browsers).
    IdentitySignup,
}

impl Function {
    /// Every function.
    pub const ALL: [Function; 4] = [
        Self::SubmitComment,
        Self::ListComments,
        Self::ModerateComment,
        Self::IdentitySignup,
    ];

    /// The name under `/.netlify/functions/`.
    ///
    /// ```
    /// use functions::Function;
    /// assert_eq!(Function::SubmitComment.name(), "submit-comment");
    /// assert_eq!("list-comments".parse(), Ok(Function::ListComments));
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::SubmitComment => "submit-comment",
            Self::ListComments => "list-comments",
            Self::ModerateComment => "moderate-comment",
            Self::IdentitySignup => "identity-signup",
        }
    }
}

impl Function {
    /// Whether Netlify runs this function on an Identity event (`identity-validate`,
    /// `identity-signup`, `identity-login`) rather than for HTTP callers: the platform then
    /// invokes it only with a verified signature (see [`crate::event_signature`]).
    ///
    /// ```
    /// use functions::Function;
    /// assert!(Function::IdentitySignup.is_identity_event());
    /// assert!(!Function::SubmitComment.is_identity_event());
    /// ```
    pub fn is_identity_event(self) -> bool {
        self.name().starts_with("identity-")
    }
}

impl fmt::Display for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of the functions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no function named `{0}`")]
pub struct UnknownFunction(pub String);

impl FromStr for Function {
    type Err = UnknownFunction;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| UnknownFunction(name.to_owned()))
    }
}

/// Everything the handlers need. Cheap to clone; build one per process.
#[derive(Clone)]
pub struct App {
    store: Arc<dyn CommentStore>,
    posts: Arc<dyn KnownPosts>,
    admin_emails: AdminEmails,
    limits: Limits,
    clock: Clock,
    identity_admin: Arc<dyn IdentityAdmin>,
}

impl fmt::Debug for App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("App")
            .field("admin_emails", &self.admin_emails)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl App {
    /// Handlers over `store` for the posts in `posts`, with no admin emails, default limits,
    /// the system clock and the identity admin API over HTTP ([`HttpIdentityAdmin`]).
    pub fn new(store: Arc<dyn CommentStore>, posts: Arc<dyn KnownPosts>) -> Self {
        Self {
            store,
            posts,
            admin_emails: AdminEmails::default(),
            limits: Limits::default(),
            clock: system_clock(),
            identity_admin: Arc::new(HttpIdentityAdmin::default()),
        }
    }

    /// Sets how the caller's current user is looked up (tests give a fake).
    pub fn with_identity_admin(mut self, identity_admin: Arc<dyn IdentityAdmin>) -> Self {
        self.identity_admin = identity_admin;
        self
    }

    /// Sets who becomes `admin` at signup.
    pub fn with_admin_emails(mut self, admin_emails: AdminEmails) -> Self {
        self.admin_emails = admin_emails;
        self
    }

    /// Sets the limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Sets the clock.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The store.
    pub fn store(&self) -> &dyn CommentStore {
        self.store.as_ref()
    }

    /// The known posts.
    pub fn posts(&self) -> &dyn KnownPosts {
        self.posts.as_ref()
    }

    /// The admin list.
    pub fn admin_emails(&self) -> &AdminEmails {
        &self.admin_emails
    }

    /// The limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The identity admin API.
    pub fn identity_admin(&self) -> &dyn IdentityAdmin {
        self.identity_admin.as_ref()
    }

    /// The current time.
    pub fn now(&self) -> UnixTime {
        (self.clock)()
    }

    /// Runs one function on one request.
    pub async fn handle(
        &self,
        function: Function,
        req: &Request,
        ctx: &NetlifyContext,
    ) -> Response {
        match function {
            Function::SubmitComment => handlers::submit::submit_comment(self, req, ctx).await,
            Function::ListComments => handlers::list::list_comments(self, req).await,
            Function::ModerateComment => handlers::moderate::moderate_comment(self, req, ctx).await,
            Function::IdentitySignup => {
                handlers::identity_signup::identity_signup(&self.admin_emails, self.limits, req)
            }
        }
    }
}

/// A page of the identity modal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// Email and password.
    Login,
    /// Name, email and password.
    Signup,
    /// "Forgot password?": asks for the address to send a recovery link to.
    Recover,
    /// After a recovery link: choose a new password (the user is logged in).
    SetPassword,
    /// After an invite link: choose a password to finish the account.
    AcceptInvite {
        /// The invite token from the link.
        token: String,
    },
    /// Logged in: who you are, and log out.
    User,
    /// Local development: the URL of the deployed site whose identity API to use
    /// ([`IdentityOptions::site_url_on_localhost`](crate::IdentityOptions::site_url_on_localhost)).
    SiteUrl,
}

impl Page {
    /// The page `open` shows: a logged-in user asking for the login or signup
    /// page sees their account instead.
    pub fn resolve(self, logged_in: bool) -> Page {
        match self {
            Page::Login | Page::Signup if logged_in => Page::User,
            page => page,
        }
    }

    /// The name the JS widget gives this page in its `open` event.
    pub fn name(&self) -> &'static str {
        match self {
            Page::Login => "login",
            Page::Signup => "signup",
            Page::Recover => "amnesia",
            Page::SetPassword => "recovery",
            Page::AcceptInvite { .. } => "invite",
            Page::User => "user",
            Page::SiteUrl => "siteurl",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_in_users_see_their_account_not_the_login_form() {
        assert_eq!(Page::Login.resolve(true), Page::User);
        assert_eq!(Page::Signup.resolve(true), Page::User);
        assert_eq!(Page::Login.resolve(false), Page::Login);
        assert_eq!(Page::SetPassword.resolve(true), Page::SetPassword);
    }
}

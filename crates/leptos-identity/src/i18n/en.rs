use super::Key;

pub fn text(key: Key) -> &'static str {
    match key {
        Key::LogIn => "Log in",
        Key::LogOut => "Log out",
        Key::LoggedInAs => "Logged in as",
        Key::LoggedIn => "Logged in",
        Key::LoggingIn => "Logging in",
        Key::LoggingOut => "Logging out",
        Key::SignUp => "Sign up",
        Key::SigningUp => "Signing up",
        Key::ForgotPassword => "Forgot password?",
        Key::RecoverPassword => "Recover password",
        Key::SendRecoveryEmail => "Send recovery email",
        Key::SendingRecoveryEmail => "Sending recovery email",
        Key::NeverMind => "Never mind",
        Key::UpdatePassword => "Update password",
        Key::UpdatingPassword => "Updating password",
        Key::CompleteYourSignup => "Complete your signup",
        Key::MessageConfirm => {
            "A confirmation message was sent to your email, click the link there to continue."
        }
        Key::MessagePasswordMail => {
            "We've sent a recovery email to your account, follow the link there to reset your password."
        }
        Key::MessageEmailChanged => "Your email address has been updated!",
        Key::MessageVerificationError => {
            "There was an error verifying your account. Please try again or contact an administrator."
        }
        Key::MessageSignupDisabled => {
            "Public signups are disabled. Contact an administrator and ask for an invite."
        }
        Key::FormNamePlaceholder => "Name",
        Key::FormEmailLabel => "Enter your email",
        Key::FormNameLabel => "Enter your name",
        Key::FormEmailPlaceholder => "Email",
        Key::FormPasswordLabel => "Enter your password",
        Key::FormPasswordPlaceholder => "Password",
        Key::ContinueWith => "Continue with",
        Key::NoUserFound => "No user found with this email",
        Key::InvalidPassword => "Invalid Password",
        Key::EmailNotConfirmed => "Email not confirmed",
        Key::UserNotFound => "User not found",
        Key::Or => "or",
        Key::ShowPassword => "Show password",
        Key::HidePassword => "Hide password",
        Key::Close => "Close",
        Key::Loading => "Loading",
        Key::ProvidersOnly => "This site signs you in with one of these accounts.",
        Key::AccountName => "Your name",
        Key::AccountEmail => "Email address",
        Key::NewPassword => "New password",
        Key::Save => "Save",
        Key::Saving => "Saving",
        Key::MessageSaved => "Saved.",
        Key::MessageEmailChangeSent => "We sent a confirmation link to the new address. Your email changes when you follow it.",
        Key::MessagePasswordChanged => "Your password has been changed.",
        Key::LogInToManage => "Log in to manage your account.",
        Key::PendingEmail => "Waiting for confirmation:",
        Key::Welcome => "Welcome, ",
        Key::SiteUrlTitle => "Development Settings",
        Key::SiteUrlLinkText => "Clear localhost URL",
        Key::SiteUrlMessage => "Looks like you're running a local server. Please let us know the URL of your Netlify site.",
        Key::SiteUrlLabel => "Enter your Netlify Site URL",
        Key::SiteUrlPlaceholder => "URL of your Netlify site",
        Key::SiteUrlSubmit => "Set site's URL",
    }
}

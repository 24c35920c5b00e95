use super::Key;

pub fn text(key: Key) -> &'static str {
    match key {
        Key::LogIn => "登录",
        Key::LogOut => "退出登录",
        Key::LoggedInAs => "已登录为",
        Key::LoggedIn => "已登录",
        Key::LoggingIn => "正在登录",
        Key::LoggingOut => "正在退出",
        Key::SignUp => "注册",
        Key::SigningUp => "正在注册",
        Key::ForgotPassword => "忘记密码？",
        Key::RecoverPassword => "找回密码",
        Key::SendRecoveryEmail => "发送找回密码邮件",
        Key::SendingRecoveryEmail => "正在发送找回密码邮件",
        Key::NeverMind => "取消",
        Key::UpdatePassword => "更新密码",
        Key::UpdatingPassword => "正在更新密码",
        Key::CompleteYourSignup => "完成注册",
        Key::MessageConfirm => "确认邮件已发送到你的邮箱，请点击邮件中的链接以继续。",
        Key::MessagePasswordMail => {
            "我们已向你的邮箱发送找回密码邮件，请点击邮件中的链接重置密码。"
        }
        Key::MessageEmailChanged => "你的邮箱地址已更新！",
        Key::MessageVerificationError => "验证你的账号时出错。请重试或联系管理员。",
        Key::MessageSignupDisabled => "公开注册已关闭。请联系管理员索取邀请。",
        Key::FormNamePlaceholder => "姓名",
        Key::FormEmailLabel => "输入你的邮箱",
        Key::FormNameLabel => "输入你的姓名",
        Key::FormEmailPlaceholder => "邮箱",
        Key::FormPasswordLabel => "输入你的密码",
        Key::FormPasswordPlaceholder => "密码",
        Key::ContinueWith => "继续使用",
        Key::NoUserFound => "未找到使用此邮箱的用户",
        Key::InvalidPassword => "密码错误",
        Key::EmailNotConfirmed => "邮箱未确认",
        Key::UserNotFound => "未找到用户",
        Key::Or => "或",
        Key::ShowPassword => "显示密码",
        Key::HidePassword => "隐藏密码",
        Key::Close => "关闭",
        Key::Loading => "正在加载",
        Key::ProvidersOnly => "本网站仅支持使用以下账号之一登录。",
        Key::AccountName => "你的姓名",
        Key::AccountEmail => "邮箱地址",
        Key::NewPassword => "新密码",
        Key::Save => "保存",
        Key::Saving => "正在保存",
        Key::MessageSaved => "已保存。",
        Key::MessageEmailChangeSent => {
            "我们已向新邮箱发送确认链接，点击链接后你的邮箱地址才会更改。"
        }
        Key::MessagePasswordChanged => "你的密码已更改。",
        Key::LogInToManage => "登录以管理你的账号。",
        Key::PendingEmail => "等待确认：",
        Key::Welcome => "欢迎，",
    }
}

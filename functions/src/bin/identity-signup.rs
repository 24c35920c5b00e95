//! The `identity-signup` Netlify Function: a thin Lambda adapter over [`functions::handlers`].

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    functions::lambda::run(functions::Function::IdentitySignup).await
}

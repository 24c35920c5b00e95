//! The admin a newcomer logs in with, created on the first start of a data directory.

use identity_core::wire::AppMetadata;

use super::random::new_user_id;
use super::store::{set_meta, users, StoredUser};
use super::{IdentityApi, StartError};
use crate::clock::now_micros;

const SEEDED: &str = "admin_seeded";

/// Creates `admin@example.com` (confirmed, `app_metadata.roles = ["admin"]`, GoTrue
/// `role = "admin"`) once per data directory. Deleting the admin later does not bring it
/// back. The binary prints the credentials.
pub async fn seed_admin(identity: &IdentityApi) -> Result<(), StartError> {
    let email = identity.config.admin_email.clone();
    if identity.store.meta(SEEDED).await?.is_some() {
        return Ok(());
    }
    let hash = identity
        .hash_password(identity.config.admin_password.clone())
        .await
        .map_err(|e| StartError::Seed(e.to_string()))?;
    let now = now_micros();
    let mut tx = identity.store.write().await?;
    if users::find_by_email(&mut tx, &identity.config.aud, &email)
        .await?
        .is_none()
    {
        let id = new_user_id().map_err(|e| StartError::Seed(e.to_string()))?;
        let mut admin = StoredUser::new(id, &identity.config.aud, &email, now);
        admin.role = "admin".to_owned();
        admin.encrypted_password = Some(hash);
        admin.confirmed_at = Some(now);
        admin.app_metadata = AppMetadata {
            provider: Some("email".to_owned()),
            roles: vec!["admin".to_owned()],
            ..AppMetadata::default()
        };
        admin
            .user_metadata
            .insert("full_name".to_owned(), "Site Admin".into());
        users::insert(&mut tx, &admin).await?;
    }
    set_meta(&mut tx, SEEDED, &email).await?;
    tx.commit().await?;
    tracing::info!("seeded the admin account {email}");
    Ok(())
}

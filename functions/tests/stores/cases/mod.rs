//! Every case, once. Each takes a fresh store; `all_cases!` instantiates them for a backend.

pub mod idempotency;
pub mod list;
pub mod moderate;
pub mod submit;

/// One `#[tokio::test]` per case for the backend opened by `$open`.
macro_rules! all_cases {
    ($open:path) => {
        all_cases!(@each $open;
            submit::submit_without_user_is_401_and_stores_nothing,
            submit::submit_stores_and_returns_the_comment,
            submit::text_is_stored_and_listed_exactly_as_written,
            submit::author_without_full_name_is_shown_by_email_local_part,
            submit::author_name_with_nul_line_breaks_and_bidi_is_stored_cleaned,
            submit::invisible_only_name_is_shown_by_email_local_part,
            submit::wrong_content_type_is_415,
            submit::malformed_json_is_400_invalid_json,
            submit::missing_field_is_400_naming_it,
            submit::unknown_field_is_400_naming_it,
            submit::wrong_field_type_is_400_invalid_field,
            submit::blank_body_is_422_empty_body,
            submit::body_over_the_limit_is_422_and_at_the_limit_is_stored,
            submit::oversized_request_is_413,
            submit::unknown_post_is_422,
            submit::malformed_post_slug_is_422,
            submit::nul_character_is_422_on_every_store,
            submit::control_and_bidi_characters_in_the_body_are_422,
            submit::invisible_only_body_is_422_empty_body,
            submit::bad_client_key_is_422,
            submit::get_is_405_with_allow_header,
            idempotency::retry_with_the_same_key_returns_the_same_comment,
            idempotency::same_key_from_another_user_is_another_comment,
            idempotency::same_key_with_different_text_is_409,
            idempotency::concurrent_retries_with_one_key_store_one_comment,
            idempotency::concurrent_posts_are_all_stored,
            idempotency::retry_after_delete_does_not_bring_the_comment_back,
            list::list_is_public_and_oldest_first,
            list::list_shows_only_that_posts_comments,
            list::list_pages_with_a_cursor_until_the_end,
            list::invalid_cursor_is_400,
            list::unknown_post_is_404,
            list::missing_post_is_400,
            list::unknown_or_repeated_parameter_is_400,
            list::bad_limit_is_400,
            list::post_method_is_405,
            moderate::moderation_without_user_is_401,
            moderate::moderation_without_admin_role_is_403_and_changes_nothing,
            moderate::admin_lists_every_post_newest_first_including_hidden,
            moderate::admin_filters_by_status_and_post,
            moderate::admin_list_pages_with_a_cursor,
            moderate::hide_then_restore_round_trips,
            moderate::delete_erases_the_text_for_good,
            moderate::moderating_an_unknown_comment_is_404,
            moderate::bad_moderation_body_is_400,
        );
    };
    (@each $open:path; $($module:ident :: $case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let Some(db) = $open().await else { return };
                crate::cases::$module::$case(db.store.clone()).await;
                db.cleanup().await;
            }
        )*
    };
}

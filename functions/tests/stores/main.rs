//! The handler and store suite, written once and run on every store: SQLite always (a fresh
//! temp file per test), PostgreSQL when `TEST_DATABASE_URL` is set (a fresh schema per test).
//! Without `TEST_DATABASE_URL` the PostgreSQL cases print a loud skip note and pass, unless
//! `REQUIRE_POSTGRES=1`, which makes them fail.

#[macro_use]
mod cases;
mod harness;

mod sqlite {
    all_cases!(crate::harness::sqlite);
}

mod postgres {
    all_cases!(crate::harness::postgres);
}

//! Request checks every handler uses: method, JSON body, query parameters, paging.

use serde::de::{DeserializeOwned, IgnoredAny};

use crate::app::Limits;
use crate::cursor::Cursor;
use crate::error::ApiError;
use crate::request::Request;
use comment_wire::validate::check_slug;

/// Refuses any method but `allowed` (comma-separated list for the `Allow` header).
pub(super) fn require_method(req: &Request, allowed: &'static str) -> Result<(), ApiError> {
    if allowed.split(", ").any(|m| m == req.method) {
        Ok(())
    } else {
        Err(ApiError::MethodNotAllowed(allowed))
    }
}

/// Whether the `content-type` is `application/json` (any parameters, any case).
fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads a JSON body: `application/json`, within the size limit, parsed into `T`.
pub(super) fn read_json<T: DeserializeOwned>(req: &Request, limits: Limits) -> Result<T, ApiError> {
    if !is_json(req.header("content-type")) {
        return Err(ApiError::UnsupportedMediaType);
    }
    read_json_any_type(req, limits)
}

/// Reads a JSON body whatever its declared type (for callers, like Identity, that we do not
/// control), within the size limit.
pub(super) fn read_json_any_type<T: DeserializeOwned>(
    req: &Request,
    limits: Limits,
) -> Result<T, ApiError> {
    if req.body.len() > limits.max_request_bytes {
        return Err(ApiError::PayloadTooLarge {
            size: req.body.len(),
            limit: limits.max_request_bytes,
        });
    }
    // serde would also read a struct from a JSON array (`["slug", "text", "key"]`); only
    // objects are accepted, so every field is named.
    if starts_an_object(&req.body) {
        return serde_json::from_slice(&req.body).map_err(|e| ApiError::from_json(&e));
    }
    // Not an object: broken JSON is reported as such, like any other syntax error.
    match serde_json::from_slice::<IgnoredAny>(&req.body) {
        Ok(IgnoredAny) => Err(ApiError::InvalidField(
            "the body must be a JSON object".to_owned(),
        )),
        Err(e) => Err(ApiError::from_json(&e)),
    }
}

/// Whether the first byte after JSON whitespace opens an object.
fn starts_an_object(body: &[u8]) -> bool {
    body.iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .is_some_and(|&b| b == b'{')
}

/// Query parameters checked against the names a handler accepts: unknown or repeated names
/// are refused.
pub(super) struct Query<'a> {
    pairs: &'a [(String, String)],
}

impl<'a> Query<'a> {
    pub(super) fn parse(req: &'a Request, allowed: &[&str]) -> Result<Self, ApiError> {
        for (i, (name, _)) in req.query.iter().enumerate() {
            if !allowed.contains(&name.as_str()) {
                return Err(ApiError::InvalidQuery(format!(
                    "Unknown query parameter `{name}`; this function accepts {}.",
                    allowed.join(", ")
                )));
            }
            if req.query[..i].iter().any(|(n, _)| n == name) {
                return Err(ApiError::InvalidQuery(format!(
                    "The query parameter `{name}` is given more than once."
                )));
            }
        }
        Ok(Self { pairs: &req.query })
    }

    pub(super) fn get(&self, name: &str) -> Option<&'a str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A post slug parameter, checked for shape.
    pub(super) fn slug(&self, name: &str) -> Result<Option<&'a str>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(slug) => match check_slug(slug) {
                Ok(()) => Ok(Some(slug)),
                Err(invalid) => Err(ApiError::InvalidQuery(invalid.to_string())),
            },
        }
    }

    /// `cursor`, decoded.
    pub(super) fn cursor(&self) -> Result<Option<Cursor>, ApiError> {
        self.get("cursor")
            .map(|text| Cursor::decode(text).map_err(|_| ApiError::InvalidCursor))
            .transpose()
    }

    /// `limit`: 1 to `limits.max_page`, default `limits.default_page`.
    pub(super) fn limit(&self, limits: Limits) -> Result<u32, ApiError> {
        let Some(text) = self.get("limit") else {
            return Ok(limits.default_page);
        };
        match text.parse::<u32>() {
            Ok(n) if (1..=limits.max_page).contains(&n) && !text.starts_with('+') => Ok(n),
            _ => Err(ApiError::InvalidQuery(format!(
                "`limit` must be a whole number from 1 to {}.",
                limits.max_page
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_type_allows_parameters_and_any_case() {
        assert!(is_json(Some("application/json")));
        assert!(is_json(Some("Application/JSON; charset=utf-8")));
        assert!(!is_json(Some("text/plain")));
        assert!(!is_json(Some("application/jsonp")));
        assert!(!is_json(Some("application/x-www-form-urlencoded")));
        assert!(!is_json(None));
    }

    #[test]
    fn repeated_and_unknown_parameters_are_refused() {
        let req = Request::new("GET").with_query_string("post=a&post=b");
        assert!(
            matches!(Query::parse(&req, &["post"]), Err(ApiError::InvalidQuery(m)) if m.contains("more than once"))
        );
        let req = Request::new("GET").with_query_string("post=a&sort=new");
        assert!(
            matches!(Query::parse(&req, &["post"]), Err(ApiError::InvalidQuery(m)) if m.contains("`sort`"))
        );
    }

    #[test]
    fn limit_must_be_in_range() {
        let limits = Limits::default();
        for (raw, ok) in [
            ("1", true),
            ("100", true),
            ("0", false),
            ("101", false),
            ("-1", false),
            ("+5", false),
            ("x", false),
        ] {
            let req = Request::new("GET").with_query("limit", raw);
            let q = Query::parse(&req, &["limit"]).unwrap();
            assert_eq!(q.limit(limits).is_ok(), ok, "{raw}");
        }
        let req = Request::new("GET");
        assert_eq!(
            Query::parse(&req, &["limit"])
                .unwrap()
                .limit(limits)
                .unwrap(),
            limits.default_page
        );
    }

    #[test]
    fn only_an_object_is_read_and_broken_json_stays_a_syntax_error() {
        let read = |body: &str| {
            let req = Request::new("POST")
                .with_header("content-type", "application/json")
                .with_body(body);
            read_json::<serde_json::Value>(&req, Limits::default())
        };
        assert!(read(" \n{\"a\": 1}").is_ok());
        assert!(matches!(read("[1, 2]"), Err(ApiError::InvalidField(m)) if m.contains("object")));
        assert!(matches!(read("\"text\""), Err(ApiError::InvalidField(_))));
        assert!(matches!(read("[1, "), Err(ApiError::InvalidJson(_))));
        assert!(matches!(read(""), Err(ApiError::InvalidJson(_))));
    }

    #[test]
    fn oversized_body_is_refused_before_parsing() {
        let limits = Limits {
            max_request_bytes: 4,
            ..Limits::default()
        };
        let req = Request::new("POST")
            .with_header("content-type", "application/json")
            .with_body("{\"a\":1}");
        assert!(matches!(
            read_json::<serde_json::Value>(&req, limits),
            Err(ApiError::PayloadTooLarge { size: 7, limit: 4 })
        ));
    }
}

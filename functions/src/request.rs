//! The request a handler sees: method, query, headers and body bytes, independent of Lambda
//! and of any HTTP framework. The Lambda adapter and the local stack both build one.

/// An HTTP request as the handlers see it.
///
/// Header names are stored lowercase; the query is already percent-decoded, in order, with
/// repeats kept (so a handler can refuse them).
///
/// ```
/// use functions::Request;
/// let req = Request::new("post")
///     .with_header("Content-Type", "application/json")
///     .with_query_string("post=hello%20world&x=1")
///     .with_body(br#"{"a":1}"#.to_vec());
/// assert_eq!(req.method, "POST");
/// assert_eq!(req.header("content-type"), Some("application/json"));
/// assert_eq!(req.query, [("post".to_owned(), "hello world".to_owned()), ("x".to_owned(), "1".to_owned())]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// The method, uppercase (`GET`, `POST`, ...).
    pub method: String,
    /// Decoded query parameters in order of appearance.
    pub query: Vec<(String, String)>,
    /// Headers with lowercase names, in order.
    pub headers: Vec<(String, String)>,
    /// The raw body (already base64-decoded if the platform encoded it).
    pub body: Vec<u8>,
}

impl Request {
    /// An empty request with this method (uppercased).
    pub fn new(method: &str) -> Self {
        Self {
            method: method.to_ascii_uppercase(),
            ..Self::default()
        }
    }

    /// Adds the parameters of a raw query string (`a=1&b=two%20words`, no leading `?`).
    pub fn with_query_string(mut self, raw: &str) -> Self {
        self.query.extend(identity_core::form::parse(raw));
        self
    }

    /// Adds one decoded query parameter.
    pub fn with_query(mut self, name: &str, value: &str) -> Self {
        self.query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Adds a header (the name is lowercased).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// Sets the body.
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets a JSON body and `content-type: application/json`.
    pub fn with_json(self, value: &serde_json::Value) -> Self {
        self.with_header("content-type", "application/json")
            .with_body(value.to_string())
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

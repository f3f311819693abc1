//! Safe on the open internet: the security headers of every response, the nonce that lets
//! the app's loader script run under the Content-Security-Policy, and the checked forms of
//! the flags that widen what is allowed (`--embed-origin`, `--allowed-host`).

use std::fmt;
use std::fmt::Write;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Response, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::IntoResponse;
use thiserror::Error;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::Config;

/// What Trunk writes into the `nonce` attribute of the tags it adds to index.html
/// (`create_nonce = true` in Trunk.toml); each page replaces it with its request's nonce.
pub const NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";

/// A sandboxed origin can still use these; nothing here needs them.
const PERMISSIONS_POLICY: HeaderValue =
    HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()");
const HSTS: HeaderValue = HeaderValue::from_static("max-age=31536000");

/// Adds the security headers to every response of `router`: the Content-Security-Policy
/// (unless a response brings its own, like SVG files), `nosniff`, the Referrer-Policy and
/// Permissions-Policy, and HSTS when the public URL is https (a plain-HTTP setup must not
/// tell browsers to insist on HTTPS).
pub fn apply(router: Router, config: &Config) -> Router {
    let https =
        config.public_url.as_deref().is_some_and(|u| u.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://")));
    let hsts = move |_: &Response<Body>| https.then_some(HSTS);
    router
        .layer(middleware::from_fn_with_state(Arc::new(Policy::new(config)), content_security_policy))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY))
        .layer(SetResponseHeaderLayer::overriding(header::STRICT_TRANSPORT_SECURITY, hsts))
}

/// A fresh random value per request: the one inline script of a page (Trunk's loader)
/// carries it, and the page's policy allows scripts with it and no other inline script.
#[derive(Clone, Debug)]
pub struct Nonce(String);

impl Nonce {
    fn new() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        Ok(Self(bytes.iter().fold(String::with_capacity(32), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Content-Security-Policy, but for its nonce.
struct Policy {
    /// `'self'` and the `--embed-origin`s.
    frame_ancestors: String,
}

impl Policy {
    fn new(config: &Config) -> Self {
        let mut frame_ancestors = String::from("'self'");
        for origin in &config.embed_origins {
            let _ = write!(frame_ancestors, " {origin}");
        }
        Self { frame_ancestors }
    }

    /// Scripts: our files and the page's loader (`nonce`); WebAssembly may be compiled.
    /// Styles: our files only (no inline `style` attributes either). Images may come from
    /// any https address (a feed's images need not be ours).
    fn header(&self, nonce: Option<&Nonce>) -> Option<HeaderValue> {
        let nonce = nonce.map(|n| format!(" 'nonce-{}'", n.as_str())).unwrap_or_default();
        let policy = format!(
            "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' https: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
             frame-ancestors {}",
            self.frame_ancestors
        );
        HeaderValue::from_str(&policy).ok()
    }
}

/// Makes the request's nonce (for the page renderer) and sets the policy that allows it.
async fn content_security_policy(
    State(policy): State<Arc<Policy>>,
    mut request: Request,
    next: Next,
) -> Response<Body> {
    let nonce = match Nonce::new() {
        Ok(nonce) => nonce,
        Err(e) => {
            tracing::error!("no random numbers for a CSP nonce: {e}");
            let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            if let Some(value) = policy.header(None) {
                response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
            }
            return response;
        }
    };
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    if !response.headers().contains_key(header::CONTENT_SECURITY_POLICY)
        && let Some(value) = policy.header(Some(&nonce))
    {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// An origin allowed to show the reader in a frame (`--embed-origin`): `scheme://host[:port]`
/// with `http` or `https`, nothing else (no path, no wildcard, no quotes or `;` that would
/// change the policy it is written into).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedOrigin(String);

/// A host name the `Host` header may name when no public URL is configured
/// (`--allowed-host`): a DNS name, an IPv4 address or a bracketed IPv6 address, no port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostName(String);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("{0:?} is not an origin: expected scheme://host[:port] with http or https, e.g. https://example.org")]
pub struct OriginError(String);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("{0:?} is not a host name: expected e.g. blad.example.org or 192.0.2.7, without scheme or port")]
pub struct HostNameError(String);

impl FromStr for EmbedOrigin {
    type Err = OriginError;

    fn from_str(text: &str) -> Result<Self, OriginError> {
        let error = || OriginError(text.to_string());
        let (scheme, rest) = text.split_once("://").ok_or_else(error)?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(error());
        }
        let (host_part, port) = match rest.strip_prefix('[') {
            Some(inner) => {
                let end = inner.find(']').ok_or_else(error)?;
                let after = &inner[end + 1..];
                (
                    &rest[..end + 2],
                    if after.is_empty() { None } else { Some(after.strip_prefix(':').ok_or_else(error)?) },
                )
            }
            None => match rest.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (rest, None),
            },
        };
        let host = host(host_part).ok_or_else(error)?;
        match port {
            None => Ok(Self(format!("{scheme}://{host}"))),
            Some(port) => {
                let digits = !port.is_empty() && port.chars().all(|c| c.is_ascii_digit());
                let port = digits.then(|| port.parse::<u16>().ok()).flatten().filter(|&p| p > 0).ok_or_else(error)?;
                Ok(Self(format!("{scheme}://{host}:{port}")))
            }
        }
    }
}

impl FromStr for HostName {
    type Err = HostNameError;

    fn from_str(text: &str) -> Result<Self, HostNameError> {
        host(text).map(Self).ok_or_else(|| HostNameError(text.to_string()))
    }
}

impl HostName {
    /// The host and port of a `Host` header (`name[:port]`); `None` when it is not one.
    pub fn of_host_header(value: &str) -> Option<(Self, Option<u16>)> {
        let (name, port) = match value.rfind(':') {
            // A colon inside brackets is part of an IPv6 address, not a port.
            Some(colon) if !value[colon..].contains(']') => (&value[..colon], Some(&value[colon + 1..])),
            _ => (value, None),
        };
        let port = match port {
            None => None,
            Some(digits) if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) => {
                Some(digits.parse().ok()?)
            }
            Some(_) => return None,
        };
        Some((name.parse().ok()?, port))
    }

    /// `localhost`, an address in 127.0.0.0/8, or `[::1]`.
    pub fn is_loopback(&self) -> bool {
        self.0 == "localhost" || self.0 == "[::1]" || self.0.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
    }
}

/// A host in lower case: a DNS name (letters, digits and inner hyphens in each label), an
/// IPv4 address, or an IPv6 address in brackets.
fn host(text: &str) -> Option<String> {
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return inner.parse::<Ipv6Addr>().is_ok().then(|| text.to_ascii_lowercase());
    }
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    (text.len() <= 253 && text.split('.').all(label)).then(|| text.to_ascii_lowercase())
}

impl fmt::Display for EmbedOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for HostName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_origins_are_scheme_host_and_port_only() {
        for (text, origin) in [
            ("https://host.example", "https://host.example"),
            ("http://localhost:8080", "http://localhost:8080"),
            ("HTTPS://Blad.Example.ORG", "https://blad.example.org"),
            ("https://192.0.2.7:443", "https://192.0.2.7:443"),
            ("https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
            ("https://xn--bboerblad-r8a.dk", "https://xn--bboerblad-r8a.dk"),
        ] {
            assert_eq!(text.parse::<EmbedOrigin>().map(|o| o.to_string()), Ok(origin.to_string()), "{text}");
        }
        for text in [
            "",
            "host.example",
            "https://",
            "https://host.example/",
            "https://host.example/path",
            "https://host.example?x",
            "https://*.example.org",
            "https://host.example:0",
            "https://host.example:65536",
            "https://host.example:",
            "https://host.example:8a",
            "https://user@host.example",
            "ftp://host.example",
            "javascript:alert(1)",
            "'self'",
            "*",
            "https://host.example; script-src *",
            "https://host.example 'unsafe-inline'",
            "https://host..example",
            "https://-host.example",
            "https://[::1",
            "https://[zz::1]",
        ] {
            assert!(text.parse::<EmbedOrigin>().is_err(), "{text:?} was accepted");
        }
    }

    #[test]
    fn allowed_hosts_are_names_or_addresses_without_port() {
        for (text, host) in [
            ("blad.example.org", "blad.example.org"),
            ("Blad.Example.ORG", "blad.example.org"),
            ("192.0.2.7", "192.0.2.7"),
            ("[2001:db8::1]", "[2001:db8::1]"),
            ("intranet", "intranet"),
        ] {
            assert_eq!(text.parse::<HostName>().map(|h| h.to_string()), Ok(host.to_string()), "{text}");
        }
        for text in
            ["", "blad.example.org:8080", "https://blad.example.org", "blad example", "*.example.org", "a/b", "[::1"]
        {
            assert!(text.parse::<HostName>().is_err(), "{text:?} was accepted");
        }
    }
}

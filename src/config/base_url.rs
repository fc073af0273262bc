//! The base URL a site is served from: checked (http(s), a host, no user info, space,
//! query or fragment), and split for the two ways pages use it.

use crate::url::{is_host_name, shown};

/// The base URL, split for the two ways pages use it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl {
    /// `https://user.github.io/repo/`, always ending in `/`.
    pub absolute: String,
    /// `/repo/`: the path every root-relative link starts with.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(s: &str) -> Result<BaseUrl, String> {
        let s = s.trim();
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .ok_or_else(|| format!("base_url `{s}` must start with https:// or http://"))?;
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if s.contains(|c: char| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "base_url `{}` holds a space or a control character",
                shown(s)
            ));
        }
        if host.is_empty() {
            return Err(format!("base_url `{s}` has no host name"));
        }
        if host.contains('@') {
            return Err(format!(
                "base_url `{s}` holds a user name or password (`…@`): a site's address has none"
            ));
        }
        if !is_host_and_port(host) {
            return Err(format!("base_url `{s}` has an invalid host name `{host}`"));
        }
        if path.contains(['?', '#']) {
            return Err(format!(
                "base_url `{s}` must not have a query or a fragment"
            ));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        let scheme = if s.starts_with("https://") {
            "https://"
        } else {
            "http://"
        };
        Ok(BaseUrl {
            absolute: format!("{scheme}{host}{path}"),
            path,
        })
    }

    /// `/repo/` + `events/x/`.
    pub fn link(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    /// `https://host/repo/` + `events/x/`.
    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}", self.absolute, site_path.trim_start_matches('/'))
    }
}

/// `host`, `host:port`, `[ipv6]` or `[ipv6]:port` of a base URL.
fn is_host_and_port(s: &str) -> bool {
    let (host_ok, port) = match s.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((ip, after)) => (
                !ip.is_empty()
                    && ip
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || ":.".contains(c)),
                if after.is_empty() {
                    Some("")
                } else {
                    after.strip_prefix(':')
                },
            ),
            None => (false, None),
        },
        None => match s.rsplit_once(':') {
            Some((h, p)) => (is_host_name(h), Some(p)),
            None => (is_host_name(s), Some("")),
        },
    };
    host_ok
        && port.is_some_and(|p| {
            p.bytes().all(|b| b.is_ascii_digit()) && (p.is_empty() || p.parse::<u16>().is_ok())
        })
}

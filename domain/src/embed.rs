//! Embedding the workspace in a partner's site (EMB-1, EMB-2): the site's exact origin, and
//! how long a token the site's backend obtains for one of its users lasts.

use crate::{Reason, RuleId, Violation};

/// EMB-2: how long a site's token lasts (15 minutes at most).
pub const TOKEN_MINUTES: i64 = 15;
const _: () = assert!(TOKEN_MINUTES <= 15);

/// EMB-1: a site is registered by its exact origin: `https://host[:port]`, lower case, no
/// path, no trailing slash (what browsers send as `Origin`). `http://` only for local hosts.
pub fn site_origin(text: &str) -> Result<String, String> {
    let text = text.trim();
    let (scheme, rest) = text
        .split_once("://")
        .ok_or_else(|| format!("{text}: an origin is scheme://host[:port]"))?;
    let scheme = scheme.to_ascii_lowercase();
    let mut host_port = rest.to_ascii_lowercase();
    // As a browser writes `Origin`: no default port, no leading zeros.
    if let Some((h, port)) = host_port.clone().rsplit_once(':') {
        if !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()) {
            let port: u32 = port.parse().map_err(|_| format!("{text}: no such port"))?;
            if port == 0 || port > 65_535 {
                return Err(format!("{text}: no such port"));
            }
            let default = matches!((scheme.as_str(), port), ("https", 443) | ("http", 80));
            host_port = if default {
                h.to_string()
            } else {
                format!("{h}:{port}")
            };
        }
    }
    let host_port = host_port.as_str();
    let host = host_port.rsplit_once(':').map_or(host_port, |(h, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) && !port.is_empty() {
            h
        } else {
            host_port
        }
    });
    let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
    let valid_host = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    match scheme.as_str() {
        _ if !valid_host || host_port.contains('/') => {
            Err(format!("{text}: an origin has no path (scheme://host[:port])"))
        }
        "https" => Ok(format!("https://{host_port}")),
        "http" if local => Ok(format!("http://{host_port}")),
        "http" => Err(format!("{text}: a site other than localhost is https://")),
        _ => Err(format!("{text}: the scheme is https (or http on localhost)")),
    }
}

/// EMB-2: a site's token is for a user of the site's own company.
pub fn check_token_for(site_company: i64, user_company: Option<i64>) -> Result<(), Violation> {
    match user_company {
        Some(company) if company == site_company => Ok(()),
        _ => Err(Violation::new(RuleId::Emb2, Reason::NotAUserOfTheSitesCompany)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emb_1_a_site_is_known_by_its_exact_origin() {
        assert_eq!(
            site_origin("https://Partner.Example").unwrap(),
            "https://partner.example"
        );
        assert_eq!(
            site_origin(" https://partner.example:8443 ").unwrap(),
            "https://partner.example:8443"
        );
        assert_eq!(
            site_origin("http://localhost:5173").unwrap(),
            "http://localhost:5173"
        );
        assert_eq!(
            site_origin("http://127.0.0.1:9000").unwrap(),
            "http://127.0.0.1:9000"
        );
        for wrong in [
            "partner.example",
            "https://partner.example/",
            "https://partner.example/shop",
            "http://partner.example",
            "ftp://partner.example",
            "https://",
            "https://part ner.example",
            "https://partner.example:70000",
        ] {
            assert!(site_origin(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn emb_2_a_token_is_only_for_a_user_of_the_sites_company() {
        assert!(check_token_for(1, Some(1)).is_ok());
        for other in [Some(2), None] {
            let refused = check_token_for(1, other).unwrap_err();
            assert_eq!(refused.rule, RuleId::Emb2);
        }
    }
}

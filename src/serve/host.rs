//! Which `Host` the preview answers. A web page can point a domain of its
//! own at 127.0.0.1 (DNS rebinding) and then read the preview, drafts
//! included, as if it were its own site; such requests carry the page's
//! domain in `Host`. Only `localhost` and the bound address, with the bound
//! port, are answered; an address given as an IP literal cannot be rebound.

use std::net::{IpAddr, SocketAddr};

use axum::extract::Request;
use axum::http::uri::Authority;
use axum::http::{StatusCode, header};
use axum::response::Response;

use super::http::text;

/// The names the preview answers to.
#[derive(Debug)]
pub struct Hosts {
    address: SocketAddr,
    refusal: String,
}

impl Hosts {
    /// `url` is the preview's own address, named in the refusal.
    pub fn new(address: SocketAddr, url: &str) -> Self {
        let refusal = format!(
            "Requête refusée\u{a0}: l’aperçu ne répond qu’à l’adresse {url} \
             ou à http://localhost:{}/.\n",
            address.port()
        );
        Self { address, refusal }
    }

    /// The 421 answer for a request whose target host is not this preview;
    /// `None` for the preview's own requests.
    pub fn refuse<B>(&self, request: &Request<B>) -> Option<Response> {
        let host = match request.uri().authority() {
            // Absolute-form targets (`GET http://host/`) name the host themselves.
            Some(authority) => Some(authority.as_str()),
            // Exactly one `Host`: with two, which one counts is unclear.
            None => {
                let mut hosts = request.headers().get_all(header::HOST).iter();
                match (hosts.next(), hosts.next()) {
                    (Some(host), None) => host.to_str().ok(),
                    _ => None,
                }
            }
        };
        if host.is_some_and(|host| self.allows(host)) {
            return None;
        }
        Some(text(StatusCode::MISDIRECTED_REQUEST, self.refusal.clone()))
    }

    /// Whether a `Host` value names this preview.
    pub fn allows(&self, host: &str) -> bool {
        let Ok(authority) = host.parse::<Authority>() else {
            return false;
        };
        let port_matches = match authority.port_u16() {
            Some(port) => port == self.address.port(),
            None => self.address.port() == 80,
        };
        let name = authority.host();
        if !port_matches || host.contains('@') {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let literal = name.trim_start_matches('[').trim_end_matches(']');
        match literal.parse::<IpAddr>() {
            // Listening on every interface: any address of this machine.
            Ok(_) if self.address.ip().is_unspecified() => true,
            Ok(ip) => ip == self.address.ip(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(address: &str) -> Hosts {
        Hosts::new(address.parse().unwrap(), "http://x/")
    }

    #[test]
    fn loopback_answers_its_address_and_localhost_with_its_port() {
        let v4 = hosts("127.0.0.1:1111");
        for good in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111"] {
            assert!(v4.allows(good), "{good}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1",
            "localhost",
            "localhost:1112",
            "127.0.0.2:1111",
            "[::1]:1111",
            "localhost.:1111",
            "127.0.0.1.nip.io:1111",
            "user@127.0.0.1:1111",
            "",
            "127.0.0.1:1111/x",
        ] {
            assert!(!v4.allows(bad), "{bad}");
        }
        let v6 = hosts("[::1]:1111");
        assert!(v6.allows("[::1]:1111"));
        assert!(v6.allows("localhost:1111"));
        assert!(!v6.allows("127.0.0.1:1111"));
    }

    #[test]
    fn every_interface_answers_ip_literals_only() {
        let all = hosts("0.0.0.0:8080");
        assert!(all.allows("192.168.1.20:8080"));
        assert!(all.allows("localhost:8080"));
        assert!(!all.allows("mon-poste.local:8080"));
        assert!(!all.allows("192.168.1.20:8081"));
    }

    #[test]
    fn port_80_may_be_left_out() {
        let web = hosts("127.0.0.1:80");
        assert!(web.allows("127.0.0.1"));
        assert!(web.allows("localhost:80"));
    }
}

//! Opening a connection: TLS through rustls when the server asks for it
//! (or the URL demands it), plain over a Unix socket.

use super::error::ServerError;
use super::url::{ServerUrl, SslMode};
use postgres::Client;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use std::sync::Arc;

/// Connects as the URL says, and checks that the database can hold our
/// text (UTF-8: evidence offsets are char offsets, which the database's
/// own check counts in characters).
pub fn connect(url: &ServerUrl) -> Result<Client, ServerError> {
    let mut config = url.config.clone();
    config.ssl_mode(match url.ssl {
        SslMode::Disable => postgres::config::SslMode::Disable,
        SslMode::Prefer => postgres::config::SslMode::Prefer,
        SslMode::Require | SslMode::VerifyFull => postgres::config::SslMode::Require,
    });
    let result = if url.ssl == SslMode::Disable {
        config.connect(postgres::NoTls)
    } else {
        config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls_config(url.ssl)?))
    };
    let mut client = result.map_err(|e| ServerError::from_connect(e, url.shown(), url.user()))?;
    let row = client
        .query_one(
            "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()",
            &[],
        )
        .map_err(|e| ServerError::from_pg(e, url.user()))?;
    let encoding: String = row.get(0);
    if encoding != "UTF8" {
        return Err(ServerError::Invalid(format!(
            "database {} on {} uses the encoding {encoding}; Stance Tracker needs UTF8 \
             (createdb --encoding=UTF8 --template=template0 NAME)",
            url.dbname(),
            url.shown()
        )));
    }
    Ok(client)
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn tls_config(mode: SslMode) -> Result<rustls::ClientConfig, ServerError> {
    let builder = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| ServerError::Invalid(format!("TLS cannot be set up: {e}")))?;
    if mode == SslMode::VerifyFull {
        let mut roots = rustls::RootCertStore::empty();
        let found = rustls_native_certs::load_native_certs();
        for cert in found.certs {
            // A certificate the store cannot use is skipped, as browsers do.
            let _ = roots.add(cert);
        }
        if roots.is_empty() {
            return Err(ServerError::Invalid(
                "sslmode=verify-full needs the system's certificate authorities, and none were found \
                 (install ca-certificates)"
                    .into(),
            ));
        }
        return Ok(builder.with_root_certificates(roots).with_no_client_auth());
    }
    Ok(builder
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Unverified(provider())))
        .with_no_client_auth())
}

/// libpq's `prefer` and `require`: encrypted, the certificate not checked
/// (most team servers have a self-signed one); `verify-full` checks it.
#[derive(Debug)]
struct Unverified(Arc<CryptoProvider>);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

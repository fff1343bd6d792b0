//! HTTP server: JSON API and web page (not implemented yet).

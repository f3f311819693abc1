//! Wire types shared by the app and the server: defined once.

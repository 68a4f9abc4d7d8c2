// OpenSSL is loaded when the first TLS listener is set up, not at start:
// merely loaded, libssl and libcrypto add about 1.7 MB to the daemon's
// resident memory, and most daemons never use them (stdio, or plain HTTP
// behind a proxy).
//
// So the daemon is not linked with OpenSSL. tls_library.cpp defines the
// OpenSSL functions that Boost.Asio's TLS code calls, each forwarding to the
// real one in the library load_tls_library() opened. A function Asio starts
// to use in a later Boost is a link error there, not a surprise at run time.
#pragma once

namespace plugboard::transport::http {

// Opens libssl (and with it libcrypto) once. Throws std::runtime_error,
// naming the library and the loader's reason, when it cannot.
void load_tls_library();

}  // namespace plugboard::transport::http

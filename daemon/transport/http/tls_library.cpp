#include "transport/http/tls_library.hpp"

#include <dlfcn.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace plugboard::transport::http {
namespace {

#define PLUGBOARD_STRINGIZE_VALUE(x) #x
#define PLUGBOARD_STRINGIZE(x) PLUGBOARD_STRINGIZE_VALUE(x)
// The soname of the libssl whose headers this was compiled against.
constexpr const char* kLibrary = "libssl.so." PLUGBOARD_STRINGIZE(OPENSSL_SHLIB_VERSION);

struct Library {
    void* handle = nullptr;
    std::string failure;
};

const Library& library() {
    static const Library loaded = [] {
        Library result;
        // Local: a plugin that links its own OpenSSL keeps seeing only that one.
        result.handle = ::dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
        if (!result.handle) result.failure = ::dlerror();
        return result;
    }();
    return loaded;
}

// Only reached after load_tls_library() succeeded (the TLS context is made
// first), so a missing library or function here is a broken installation.
void* real_function(const char* name) {
    const Library& ssl = library();
    void* function = ssl.handle ? ::dlsym(ssl.handle, name) : nullptr;
    if (!function) {
        std::fprintf(stderr, "plugboard: OpenSSL function %s is not available from %s: %s\n", name,
                     kLibrary, ssl.handle ? "not exported" : ssl.failure.c_str());
        std::abort();
    }
    return function;
}

}  // namespace

void load_tls_library() {
    const Library& ssl = library();
    if (!ssl.handle) {
        throw std::runtime_error(std::string("TLS needs ") + kLibrary +
                                 " (OpenSSL), which could not be loaded: " + ssl.failure);
    }
}

}  // namespace plugboard::transport::http

// Each definition matches the declaration in the OpenSSL headers above, so a
// mismatch does not compile. The real function is looked up on first use.
#define PLUGBOARD_OPENSSL_FORWARD(result, name, parameters, arguments)                           \
    extern "C" result name parameters {                                                          \
        static const auto real =                                                                 \
            reinterpret_cast<decltype(&name)>(plugboard::transport::http::real_function(#name)); \
        return real arguments;                                                                   \
    }

PLUGBOARD_OPENSSL_FORWARD(long, BIO_ctrl, (BIO * bio, int command, long number, void* pointer),
                          (bio, command, number, pointer))
PLUGBOARD_OPENSSL_FORWARD(size_t, BIO_ctrl_pending, (BIO * bio), (bio))
PLUGBOARD_OPENSSL_FORWARD(int, BIO_free, (BIO * bio), (bio))
PLUGBOARD_OPENSSL_FORWARD(int, BIO_new_bio_pair,
                          (BIO * *first, size_t first_size, BIO** second, size_t second_size),
                          (first, first_size, second, second_size))
PLUGBOARD_OPENSSL_FORWARD(int, BIO_read, (BIO * bio, void* data, int size), (bio, data, size))
PLUGBOARD_OPENSSL_FORWARD(int, BIO_write, (BIO * bio, const void* data, int size),
                          (bio, data, size))
PLUGBOARD_OPENSSL_FORWARD(void, ERR_clear_error, (void), ())
PLUGBOARD_OPENSSL_FORWARD(unsigned long, ERR_get_error, (void), ())
PLUGBOARD_OPENSSL_FORWARD(const char*, ERR_lib_error_string, (unsigned long error), (error))
PLUGBOARD_OPENSSL_FORWARD(const char*, ERR_reason_error_string, (unsigned long error), (error))
PLUGBOARD_OPENSSL_FORWARD(long, SSL_CTX_ctrl,
                          (SSL_CTX * context, int command, long number, void* pointer),
                          (context, command, number, pointer))
PLUGBOARD_OPENSSL_FORWARD(void, SSL_CTX_free, (SSL_CTX * context), (context))
PLUGBOARD_OPENSSL_FORWARD(void*, SSL_CTX_get_default_passwd_cb_userdata, (SSL_CTX * context),
                          (context))
PLUGBOARD_OPENSSL_FORWARD(void*, SSL_CTX_get_ex_data, (const SSL_CTX* context, int index),
                          (context, index))
PLUGBOARD_OPENSSL_FORWARD(SSL_CTX*, SSL_CTX_new, (const SSL_METHOD* method), (method))
PLUGBOARD_OPENSSL_FORWARD(void, SSL_CTX_set_default_passwd_cb_userdata,
                          (SSL_CTX * context, void* data), (context, data))
PLUGBOARD_OPENSSL_FORWARD(int, SSL_CTX_set_ex_data, (SSL_CTX * context, int index, void* data),
                          (context, index, data))
PLUGBOARD_OPENSSL_FORWARD(uint64_t, SSL_CTX_set_options, (SSL_CTX * context, uint64_t options),
                          (context, options))
PLUGBOARD_OPENSSL_FORWARD(int, SSL_CTX_use_PrivateKey_file,
                          (SSL_CTX * context, const char* file, int type), (context, file, type))
PLUGBOARD_OPENSSL_FORWARD(int, SSL_CTX_use_certificate_chain_file,
                          (SSL_CTX * context, const char* file), (context, file))
PLUGBOARD_OPENSSL_FORWARD(int, SSL_accept, (SSL * ssl), (ssl))
PLUGBOARD_OPENSSL_FORWARD(int, SSL_connect, (SSL * ssl), (ssl))
PLUGBOARD_OPENSSL_FORWARD(long, SSL_ctrl, (SSL * ssl, int command, long number, void* pointer),
                          (ssl, command, number, pointer))
PLUGBOARD_OPENSSL_FORWARD(void, SSL_free, (SSL * ssl), (ssl))
PLUGBOARD_OPENSSL_FORWARD(int, SSL_get_error, (const SSL* ssl, int result), (ssl, result))
PLUGBOARD_OPENSSL_FORWARD(void*, SSL_get_ex_data, (const SSL* ssl, int index), (ssl, index))
PLUGBOARD_OPENSSL_FORWARD(int, SSL_get_shutdown, (const SSL* ssl), (ssl))
PLUGBOARD_OPENSSL_FORWARD(SSL*, SSL_new, (SSL_CTX * context), (context))
PLUGBOARD_OPENSSL_FORWARD(int, SSL_read, (SSL * ssl, void* data, int size), (ssl, data, size))
PLUGBOARD_OPENSSL_FORWARD(void, SSL_set_bio, (SSL * ssl, BIO* read, BIO* write), (ssl, read, write))
PLUGBOARD_OPENSSL_FORWARD(int, SSL_set_ex_data, (SSL * ssl, int index, void* data),
                          (ssl, index, data))
PLUGBOARD_OPENSSL_FORWARD(int, SSL_write, (SSL * ssl, const void* data, int size),
                          (ssl, data, size))
PLUGBOARD_OPENSSL_FORWARD(const SSL_METHOD*, TLS_server_method, (void), ())
// Referenced by the Asio context code a Debug build keeps whole (other TLS methods).
PLUGBOARD_OPENSSL_FORWARD(const SSL_METHOD*, TLS_method, (void), ())
PLUGBOARD_OPENSSL_FORWARD(const SSL_METHOD*, TLS_client_method, (void), ())

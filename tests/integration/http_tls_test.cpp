// TLS: with a certificate and key configured the daemon speaks HTTPS only.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <string>

#include "http_fixture.hpp"

namespace plugboard::integration {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using asio::ip::tcp;

class HttpTlsTest : public HttpTest {
  protected:
    // A self-signed certificate for localhost, made with the openssl tool.
    void make_certificate() {
        const std::string command =
            "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout '" +
            (folder_ / "key.pem").string() + "' -out '" + (folder_ / "cert.pem").string() +
            "' 2>/dev/null";
        ASSERT_EQ(std::system(command.c_str()), 0) << "openssl could not make a certificate";
    }

    std::string tls_section() const {
        return "tls:\n  certificate: " + (folder_ / "cert.pem").string() +
               "\n  private_key: " + (folder_ / "key.pem").string() + "\n";
    }

    // One request over TLS, trusting only our certificate.
    HttpResponse exchange_tls(const HttpRequest& request) {
        asio::io_context io;
        ssl::context context(ssl::context::tls_client);
        context.load_verify_file((folder_ / "cert.pem").string());
        context.set_verify_mode(ssl::verify_peer);
        boost::beast::ssl_stream<boost::beast::tcp_stream> stream(io, context);
        SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
        stream.next_layer().expires_after(std::chrono::seconds(5));
        stream.next_layer().connect(tcp::endpoint(asio::ip::address_v4::loopback(), port()));
        stream.set_verify_callback(ssl::host_name_verification("localhost"));
        stream.handshake(ssl::stream_base::client);
        http::write(stream, request);
        boost::beast::flat_buffer buffer;
        HttpResponse response;
        http::read(stream, buffer, response);
        return response;
    }
};

TEST_F(HttpTlsTest, OpenSslIsLoadedOnlyWhenTlsIsConfigured) {
    start_http();
    EXPECT_EQ(
        exchange(mcp_post(port(), bj::serialize(rpc_request(0, "initialize", initialize_params()))))
            .result_int(),
        200u);
    EXPECT_FALSE(maps_file(http_->pid(), "libssl.so"));
    EXPECT_FALSE(maps_file(http_->pid(), "libcrypto.so"));

    make_certificate();
    start_http(tls_section());
    EXPECT_TRUE(maps_file(http_->pid(), "libssl.so"));
    EXPECT_TRUE(maps_file(http_->pid(), "libcrypto.so"));
}

TEST_F(HttpTlsTest, ServesMcpOverHttps) {
    make_certificate();
    start_http(tls_section());
    const HttpRequest request =
        mcp_post(port(), bj::serialize(rpc_request(0, "initialize", initialize_params())));
    const HttpResponse answer = exchange_tls(request);
    EXPECT_EQ(answer.result_int(), 200u);
    EXPECT_TRUE(is_session_id(answer["Mcp-Session-Id"]));
    EXPECT_EQ(rpc_response(answer).at("result").at("protocolVersion"), "2025-11-25");
    EXPECT_NE(http_->stderr_text().find("listening on https://127.0.0.1:"), std::string::npos);
}

TEST_F(HttpTlsTest, PlainHttpOnTheTlsPortGetsNoAnswer) {
    make_certificate();
    start_http(tls_section());
    HttpConnection plain(port());
    ASSERT_TRUE(plain.write_raw("GET /mcp HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    const RawReply reply = plain.read_until_closed(std::chrono::seconds(3));
    EXPECT_EQ(reply.bytes.find("HTTP/1.1"), std::string::npos) << reply.bytes;
    // The daemon still serves TLS clients afterwards.
    const HttpResponse answer = exchange_tls(
        mcp_post(port(), bj::serialize(rpc_request(0, "initialize", initialize_params()))));
    EXPECT_EQ(answer.result_int(), 200u);
}

}  // namespace
}  // namespace plugboard::integration

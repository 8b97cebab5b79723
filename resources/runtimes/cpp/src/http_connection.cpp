// SPDX-License-Identifier: MIT
#include "http_connection.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/uio.h>
#include <unistd.h>

namespace lambdadesk::runtime {

namespace {

constexpr std::size_t kInitialBufferSize = 64 * 1024;
constexpr std::string_view kHeadEnd = "\r\n\r\n";

std::string_view trim(std::string_view text) noexcept
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

bool containsIgnoringCase(std::string_view haystack, std::string_view needle) noexcept
{
    if (needle.size() > haystack.size()) {
        return false;
    }
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        if (equalsIgnoringCase(haystack.substr(i, needle.size()), needle)) {
            return true;
        }
    }
    return false;
}

} // namespace

HttpConnection::HttpConnection(std::string_view address)
    : m_hostHeader(address)
    , m_buffer(kInitialBufferSize)
{
    const auto colon = address.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return;
    }
    std::string host(address.substr(0, colon));
    const auto portText = address.substr(colon + 1);
    unsigned port = 0;
    const auto [end, error] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (error != std::errc() || end != portText.data() + portText.size() || port == 0 || port > 65535) {
        return;
    }
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }

    auto* v4 = reinterpret_cast<sockaddr_in*>(&m_address);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&m_address);
    if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<std::uint16_t>(port));
        m_addressLength = sizeof(sockaddr_in);
        return;
    }
    if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<std::uint16_t>(port));
        m_addressLength = sizeof(sockaddr_in6);
        return;
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (getaddrinfo(host.c_str(), service.c_str(), &hints, &found) == 0 && found != nullptr) {
        std::memcpy(&m_address, found->ai_addr, found->ai_addrlen);
        m_addressLength = found->ai_addrlen;
        freeaddrinfo(found);
    }
}

HttpConnection::~HttpConnection()
{
    close();
}

bool HttpConnection::connect()
{
    const int fd = ::socket(m_address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    int result = 0;
    do {
        result = ::connect(fd, reinterpret_cast<const sockaddr*>(&m_address), m_addressLength);
    } while (result != 0 && errno == EINTR);
    if (result != 0) {
        ::close(fd);
        return false;
    }
    m_fd = fd;
    m_begin = 0;
    m_end = 0;
    return true;
}

void HttpConnection::close() noexcept
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_begin = 0;
    m_end = 0;
    m_pipelinedPending = false;
}

std::string HttpConnection::encodeRequest(std::string_view method, std::string_view target) const
{
    std::string request;
    request.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ").append(m_hostHeader);
    request.append("\r\nContent-Length: 0\r\n\r\n");
    return request;
}

bool HttpConnection::readPipelined(HttpResponse& response)
{
    if (!m_pipelinedPending) {
        return false;
    }
    m_pipelinedPending = false;
    if (readResponse(response)) {
        return true;
    }
    close();
    return false;
}

bool HttpConnection::request(std::string_view method, std::string_view target, std::string_view body,
                             std::span<const Header> headers, HttpResponse& response, std::string_view pipelined)
{
    if (!isValid()) {
        return false;
    }
    m_head.clear();
    m_head.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ").append(m_hostHeader);
    m_head.append("\r\nContent-Length: ").append(std::to_string(body.size())).append("\r\n");
    for (const auto& header : headers) {
        m_head.append(header.name).append(": ").append(header.value).append("\r\n");
    }
    m_head.append("\r\n");

    for (int attempt = 0; attempt < 2; ++attempt) {
        if (m_fd < 0 && !connect()) {
            return false;
        }
        // Even when sending fails the server may have answered already (e.g. 413 before reading the body).
        sendRequest(body, pipelined);
        if (readResponse(response)) {
            // A server that closed after its answer (413, Connection: close) never read the pipelined request.
            m_pipelinedPending = !pipelined.empty() && m_fd >= 0;
            return true;
        }
        close();
    }
    return false;
}

bool HttpConnection::sendRequest(std::string_view body, std::string_view pipelined)
{
    // Head, body and a pipelined request leave in one sendmsg so a small request is one segment.
    iovec parts[3] = {};
    int count = 0;
    parts[count++] = {m_head.data(), m_head.size()};
    if (!body.empty()) {
        parts[count++] = {const_cast<char*>(body.data()), body.size()};
    }
    if (!pipelined.empty()) {
        parts[count++] = {const_cast<char*>(pipelined.data()), pipelined.size()};
    }
    iovec* next = parts;
    while (count > 0) {
        msghdr message{};
        message.msg_iov = next;
        message.msg_iovlen = static_cast<decltype(message.msg_iovlen)>(count);
        const ssize_t sent = ::sendmsg(m_fd, &message, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        auto remaining = static_cast<std::size_t>(sent);
        while (count > 0 && remaining >= next->iov_len) {
            remaining -= next->iov_len;
            ++next;
            --count;
        }
        if (count > 0) {
            next->iov_base = static_cast<char*>(next->iov_base) + remaining;
            next->iov_len -= remaining;
        }
    }
    return true;
}

std::string_view HttpConnection::buffered() const noexcept
{
    return {m_buffer.data() + m_begin, m_end - m_begin};
}

void HttpConnection::consume(std::size_t count) noexcept
{
    m_begin += count;
    if (m_begin == m_end) {
        m_begin = 0;
        m_end = 0;
    }
}

bool HttpConnection::fill()
{
    if (m_fd < 0) {
        return false;
    }
    if (m_end == m_buffer.size()) {
        if (m_begin > 0) {
            std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
            m_end -= m_begin;
            m_begin = 0;
        } else {
            m_buffer.resize(m_buffer.size() * 2);
        }
    }
    for (;;) {
        const ssize_t received = ::recv(m_fd, m_buffer.data() + m_end, m_buffer.size() - m_end, 0);
        if (received > 0) {
            m_end += static_cast<std::size_t>(received);
            return true;
        }
        if (received < 0 && errno == EINTR) {
            continue;
        }
        return false;
    }
}

bool HttpConnection::readLine(std::string_view& line)
{
    for (;;) {
        const auto data = buffered();
        const auto end = data.find("\r\n");
        if (end != std::string_view::npos) {
            line = data.substr(0, end);
            consume(end + 2);
            return true;
        }
        if (!fill()) {
            return false;
        }
    }
}

bool HttpConnection::readHead(HttpResponse& response)
{
    std::size_t searchFrom = 0;
    std::size_t headEnd = std::string_view::npos;
    for (;;) {
        const auto data = buffered();
        headEnd = data.find(kHeadEnd, searchFrom);
        if (headEnd != std::string_view::npos) {
            break;
        }
        searchFrom = data.size() >= kHeadEnd.size() ? data.size() - kHeadEnd.size() + 1 : 0;
        if (!fill()) {
            return false;
        }
    }
    const auto head = buffered().substr(0, headEnd + 2); // keep the last line's CRLF

    // Status line: HTTP/1.1 202 Accepted
    auto lineEnd = head.find("\r\n");
    const auto statusLine = head.substr(0, lineEnd);
    const auto space = statusLine.find(' ');
    if (space == std::string_view::npos || statusLine.size() < space + 4) {
        return false;
    }
    int status = 0;
    const auto statusText = statusLine.substr(space + 1, 3);
    if (std::from_chars(statusText.data(), statusText.data() + 3, status).ec != std::errc()) {
        return false;
    }
    response.status = status;

    std::size_t count = 0;
    std::size_t position = lineEnd + 2;
    while (position < head.size()) {
        lineEnd = head.find("\r\n", position);
        const auto line = head.substr(position, lineEnd - position);
        position = lineEnd + 2;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const auto name = trim(line.substr(0, colon));
        const auto value = trim(line.substr(colon + 1));
        // Reuse the strings of earlier responses to keep allocations out of the invoke loop.
        if (count < response.headers.size()) {
            response.headers[count].first.assign(name);
            response.headers[count].second.assign(value);
        } else {
            response.headers.emplace_back(std::string(name), std::string(value));
        }
        ++count;
    }
    response.headers.resize(count);
    consume(headEnd + kHeadEnd.size());
    return true;
}

bool HttpConnection::readBody(std::size_t length, std::string& body)
{
    body.resize(length);
    const auto available = std::min(length, m_end - m_begin);
    std::memcpy(body.data(), m_buffer.data() + m_begin, available);
    consume(available);
    // The rest goes straight into the body: events can be megabytes.
    std::size_t have = available;
    while (have < length) {
        const ssize_t received = ::recv(m_fd, body.data() + have, length - have, 0);
        if (received > 0) {
            have += static_cast<std::size_t>(received);
        } else if (received < 0 && errno == EINTR) {
            continue;
        } else {
            return false;
        }
    }
    return true;
}

bool HttpConnection::readChunkedBody(std::string& body)
{
    body.clear();
    std::string chunk;
    for (;;) {
        std::string_view line;
        if (!readLine(line)) {
            return false;
        }
        std::size_t size = 0;
        const auto sizeText = trim(line.substr(0, line.find(';')));
        if (std::from_chars(sizeText.data(), sizeText.data() + sizeText.size(), size, 16).ec != std::errc()) {
            return false;
        }
        if (size == 0) {
            // Trailers end with an empty line.
            do {
                if (!readLine(line)) {
                    return false;
                }
            } while (!line.empty());
            return true;
        }
        if (!readBody(size, chunk)) {
            return false;
        }
        body.append(chunk);
        if (!readLine(line)) {
            return false;
        }
    }
}

bool HttpConnection::readResponse(HttpResponse& response)
{
    do {
        if (!readHead(response)) {
            return false;
        }
    } while (response.status >= 100 && response.status < 200);

    const auto contentLength = response.header("Content-Length");
    if (!contentLength.empty()) {
        std::size_t length = 0;
        const auto* last = contentLength.data() + contentLength.size();
        if (std::from_chars(contentLength.data(), last, length).ec != std::errc()) {
            return false;
        }
        if (!readBody(length, response.body)) {
            return false;
        }
    } else if (containsIgnoringCase(response.header("Transfer-Encoding"), "chunked")) {
        if (!readChunkedBody(response.body)) {
            return false;
        }
    } else if (response.status == 204 || response.status == 304) {
        response.body.clear();
    } else {
        // No framing: the body ends when the server closes the connection.
        while (fill()) {
        }
        response.body.assign(buffered());
        close();
        return true;
    }
    if (containsIgnoringCase(response.header("Connection"), "close")) {
        close();
    }
    return true;
}

} // namespace lambdadesk::runtime

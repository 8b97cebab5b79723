// SPDX-License-Identifier: MIT
// HttpClient: starts each exchange on the executor and keeps what cancelAll() must reach. The exchanges are in
// http_exchange.cpp (a request read whole) and http_stream_exchange.cpp (streamed).
#include "upstream/http_client.h"

#include "upstream/http_exchange.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <list>
#include <mutex>
#include <optional>

namespace lambdadesk::bridge {

namespace asio = boost::asio;
using core::Error;
using core::net::HttpRequest;
using core::net::HttpResponse;
using http_client_detail::Cancellable;

struct HttpClient::Registry {
    std::mutex mutex;
    std::list<std::weak_ptr<Cancellable>> exchanges;

    void add(const std::shared_ptr<Cancellable>& exchange)
    {
        const std::lock_guard lock(mutex);
        exchanges.remove_if([](const std::weak_ptr<Cancellable>& weak) { return weak.expired(); });
        exchanges.push_back(exchange);
    }
};

HttpClient::HttpClient(boost::asio::any_io_executor executor, HttpClientOptions options)
    : m_executor(std::move(executor)), m_options(options), m_registry(std::make_shared<Registry>())
{
}

HttpClient::~HttpClient()
{
    cancelAll();
}

void HttpClient::send(const HttpUrl& server, HttpRequest request, HttpClientCallback done)
{
    auto exchange = http_client_detail::makeExchange(m_executor, server, std::move(request), m_options, std::move(done));
    m_registry->add(exchange);
    asio::post(m_executor, [exchange] { exchange->start(); });
}

void HttpClient::stream(const HttpUrl& server, core::net::HttpRequest head,
                        std::shared_ptr<core::net::HttpBodySource> body,
                        std::shared_ptr<core::net::HttpResponseSink> answer, HttpStreamCallback done)
{
    auto exchange = http_client_detail::makeStreamExchange(m_executor, server, std::move(head), std::move(body),
                                                           std::move(answer), m_options, std::move(done));
    m_registry->add(exchange);
    asio::post(m_executor, [exchange] { exchange->start(); });
}

void HttpClient::cancelAll()
{
    std::list<std::weak_ptr<Cancellable>> exchanges;
    {
        const std::lock_guard lock(m_registry->mutex);
        exchanges.swap(m_registry->exchanges);
    }
    for (auto& weak : exchanges) {
        if (auto exchange = weak.lock()) {
            asio::dispatch(m_executor, [exchange] {
                exchange->abort(Error{"Cancelled", "the request was cancelled: the client is shutting down"});
            });
        }
    }
}

core::Expected<HttpResponse> sendHttpRequestBlocking(const HttpUrl& server, HttpRequest request,
                                                     const HttpClientOptions& options)
{
    asio::io_context io;
    std::optional<core::Expected<HttpResponse>> result;
    {
        HttpClient client(io.get_executor(), options);
        client.send(server, std::move(request), [&result](core::Expected<HttpResponse> answer) {
            result.emplace(std::move(answer));
        });
        io.run();
    }
    if (!result)
        return Error{"Cancelled", "the request ended without an answer"};
    return std::move(*result);
}

}  // namespace lambdadesk::bridge

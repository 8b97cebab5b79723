// SPDX-License-Identifier: MIT
// The latest invocations' events, kept for "Debug This Invocation": a bounded window by count and bytes, oldest
// dropped first; the engine records every invocation it accepts, sync or async, and can be told to keep none.
#include "engine_fixture.h"

#include "encoding/base64.h"
#include "invoke/recent_events.h"

#include <QtTest>

#include <mutex>
#include <vector>

using namespace lambdadesk;
using namespace lambdadesk::tests;

namespace {

core::RecordedEvent recorded(const std::string& payload)
{
    return core::RecordedEvent{"Echo", payload, ""};
}

/// The request ids of the invocations that finished, as the timeline knows them.
class Finished final : public core::EventSink {
public:
    void onEvent(const core::Event& event) override
    {
        if (const auto* finished = std::get_if<core::InvokeFinished>(&event.payload)) {
            std::lock_guard lock(m_mutex);
            m_ids.push_back(finished->requestId);
        }
    }
    std::vector<std::string> ids() const
    {
        std::lock_guard lock(m_mutex);
        return m_ids;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<std::string> m_ids;
};

}  // namespace

class TestRecentEvents : public QObject {
    Q_OBJECT

private slots:
    void keepsTheLatestByCount()
    {
        core::RecentEvents recent(3, 1 << 20);
        for (int i = 1; i <= 5; ++i)
            recent.record("r" + std::to_string(i), recorded(std::to_string(i)));
        QCOMPARE(recent.size(), std::size_t(3));
        QVERIFY(!recent.find("r1"));
        QVERIFY(!recent.find("r2"));
        QCOMPARE(recent.find("r5")->payload, std::string("5"));
        QCOMPARE(recent.find("r3")->function, std::string("Echo"));
    }

    void keepsTheLatestByBytes()
    {
        core::RecentEvents recent(100, 10);
        recent.record("a", recorded("1234"));
        recent.record("b", recorded("5678"));
        recent.record("c", recorded("90ab"));  // 12 bytes: "a" goes
        QVERIFY(!recent.find("a"));
        QVERIFY(recent.find("b") && recent.find("c"));
        QCOMPARE(recent.bytes(), std::size_t(8));
        recent.record("huge", recorded(std::string(11, 'x')));  // alone over the bound: not kept, nothing dropped
        QVERIFY(!recent.find("huge"));
        QCOMPARE(recent.size(), std::size_t(2));
    }

    void aRepeatedIdKeepsTheFirst()
    {
        core::RecentEvents recent(2, 1 << 20);
        recent.record("same", recorded("first"));
        recent.record("same", recorded("second"));
        recent.record("x", recorded("x"));
        recent.record("y", recorded("y"));  // evicts "same": the index must not keep a dangling entry
        QVERIFY(!recent.find("same"));
        QCOMPARE(recent.size(), std::size_t(2));
    }

    void theEngineKeepsEveryInvocationsEvent()
    {
        core::Engine engine(quickOptions());
        auto finished = std::make_shared<Finished>();
        engine.events().subscribe(finished);
        engine.putFunction(python("Echo", "echo"));
        core::InvokeRequest request;
        request.function = "Echo";
        request.payload = R"({"order": 42})";
        request.clientContext = core::encodeBase64(R"({"custom": {"who": "test"}})");
        const auto result = engine.invoke(request);
        QVERIFY2(result.ok(), result.payload.c_str());
        const auto kept = engine.recentEvent(result.requestId);
        QVERIFY(kept);
        QCOMPARE(kept->function, std::string("Echo"));
        QCOMPARE(kept->payload, std::string(R"({"order": 42})"));
        QCOMPARE(kept->clientContext, request.clientContext);
        QVERIFY(!engine.recentEvent("no-such-request"));

        // An asynchronous event's attempt is an invocation like any other.
        QVERIFY(engine.invokeEvent("Echo", R"({"async": true})").ok());
        QTRY_COMPARE_WITH_TIMEOUT(finished->ids().size(), std::size_t(2), 10000);
        const auto attempt = engine.recentEvent(finished->ids().back());
        QVERIFY(attempt);
        QCOMPARE(attempt->payload, std::string(R"({"async": true})"));

        // A rejected call is not an invocation: nothing is kept for it.
        core::InvokeRequest broken;
        broken.function = "Echo";
        broken.payload = "{not json";
        QVERIFY(!engine.recentEvent(engine.invoke(broken).requestId));
    }

    void keptEventsZeroKeepsNone()
    {
        auto options = quickOptions();
        options.keptEvents = 0;
        core::Engine engine(options);
        engine.putFunction(python("Echo", "echo"));
        const auto result = invoke(engine, "Echo", R"({"a": 1})");
        QVERIFY(result.ok());
        QVERIFY(!engine.recentEvent(result.requestId));
    }
};

QTEST_GUILESS_MAIN(TestRecentEvents)
#include "tst_recent_events.moc"

// SPDX-License-Identifier: MIT
// Remote debugging the way docs/remote-debugging.md tells a user to do it, with the "remote" host being
// this one: an lldb-server platform on 127.0.0.1 launches the function, LLDB drives it over gdb-remote,
// and the function reaches the Runtime API at the address the engine advertises.
#include "debug_fixture.h"
#include "debug_launcher.h"
#include "free_port.h"

#include <QProcess>
#include <QTcpSocket>
#include <QtTest>

#include <mutex>

using namespace lambdadesk;
using namespace std::chrono_literals;

namespace {

class LocalsRecorder final : public debugger::DebugObserver {
public:
    void stopped(const std::shared_ptr<debugger::DebugSession>& session, const debugger::StopInfo& stop) override
    {
        std::map<std::string, std::string> values;
        for (const auto& variable : session->variables(stop.threadId, stop.frame.index, "locals"))
            values[variable.name] = variable.value;
        {
            std::lock_guard lock(mutex);
            stops.push_back(stop);
            locals.push_back(values);
        }
        session->continueRun();
    }
    std::mutex mutex;
    std::vector<debugger::StopInfo> stops;
    std::vector<std::map<std::string, std::string>> locals;
};

}  // namespace

class TestDebugRemote : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // lldb-server takes ports in 1024-49151 only.
        m_platformPort = static_cast<quint16>(tests::freeRegisteredLoopbackPort());
        const quint16 gdbserverPort = static_cast<quint16>(tests::freeRegisteredLoopbackPort(m_platformPort));
        QVERIFY(m_platformPort > 0 && gdbserverPort > 0);
        m_server.setProcessChannelMode(QProcess::ForwardedChannels);
        m_server.setWorkingDirectory(QDir::tempPath());
        m_server.start(QStringLiteral(LAMBDADESK_LLDB_SERVER),
                       {QStringLiteral("platform"), QStringLiteral("--server"), QStringLiteral("--listen"),
                        QStringLiteral("127.0.0.1:%1").arg(m_platformPort), QStringLiteral("--gdbserver-port"),
                        QString::number(gdbserverPort)});
        QVERIFY2(m_server.waitForStarted(), qPrintable(m_server.errorString()));
        // Ready when it accepts connections.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QTcpSocket probe;
                probe.connectToHost(QHostAddress::LocalHost, m_platformPort);
                return probe.waitForConnected(200);
            }(),
            10000);
    }

    void cleanupTestCase()
    {
        m_server.kill();
        m_server.waitForFinished();
    }

    void aBreakpointIsHitThroughLldbServerAndTheInvocationCompletes()
    {
        auto book = std::make_shared<debugger::BreakpointBook>();
        debugger::BreakpointSpec spec;
        spec.file = "handler.c";
        spec.line = tests::lineOf("loop");
        book->add(spec);
        auto recorder = std::make_shared<LocalsRecorder>();
        auto launcher = std::make_shared<debugger::DebugLauncher>(book, recorder);
        debugger::SessionOptions options;
        options.platformUrl = "connect://127.0.0.1:" + std::to_string(m_platformPort);
        launcher->setSessionOptions(options);
        launcher->setDebugged("Debuggee", true);

        core::EngineOptions engineOptions;
        engineOptions.launcher = launcher;
        engineOptions.shutdownGrace = 500ms;
        core::Engine engine(engineOptions);
        engine.putFunction(tests::debuggeeFunction());
        core::InvokeRequest request;
        request.function = "Debuggee";
        request.payload = R"({"items":[3,4]})";
        const auto result = engine.invoke(request);
        QCOMPARE(result.status, core::InvokeStatus::Ok);
        QCOMPARE(result.payload, std::string(R"({"sum":7,"init":42})"));
        std::lock_guard lock(recorder->mutex);
        QCOMPARE(recorder->stops.size(), std::size_t(2));
        QCOMPARE(recorder->stops[0].frame.function, std::string("sum_items"));
        QCOMPARE(recorder->locals[0].at("value"), std::string("3"));
        QCOMPARE(recorder->locals[1].at("total"), std::string("3"));
    }

    void anUnreachablePlatformIsAClearError()
    {
        auto launcher = std::make_shared<debugger::DebugLauncher>(std::make_shared<debugger::BreakpointBook>(),
                                                                  nullptr);
        debugger::SessionOptions options;
        options.platformUrl = "connect://127.0.0.1:" + std::to_string(tests::freeRegisteredLoopbackPort());
        launcher->setSessionOptions(options);
        launcher->setDebugged("Debuggee", true);
        core::EngineOptions engineOptions;
        engineOptions.launcher = launcher;
        core::Engine engine(engineOptions);
        engine.putFunction(tests::debuggeeFunction());
        core::InvokeRequest request;
        request.function = "Debuggee";
        const auto result = engine.invoke(request);
        QVERIFY(!result.ok());
        QVERIFY2(result.payload.find("lldb-server platform") != std::string::npos, result.payload.c_str());
    }

private:
    QProcess m_server;
    quint16 m_platformPort = 0;
};

QTEST_GUILESS_MAIN(TestDebugRemote)
#include "tst_debug_remote.moc"

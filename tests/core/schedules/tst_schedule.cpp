// SPDX-License-Identifier: MIT
// Schedule and ScheduleV2 event sources: rate / cron / at expressions with AWS's syntax and errors, next
// fire times against known calendars (L, W, #, names, ranges, steps, time zones and DST), the payloads
// (EventBridge scheduled event, Input, Scheduler context attributes), and ScheduleSource firing on an
// io_context thread with a tiny time scale.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "schedules/schedule_definition.h"
#include "schedules/schedule_expression.h"
#include "schedules/schedule_source.h"
#include "schedules/schedule_time_zone.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

using namespace lambdadesk;
using namespace lambdadesk::core;

namespace {

ScheduleTime utc(const std::string& text)
{
    const auto time = parseScheduleTime(text);
    if (!time)
        qFatal("bad test time %s", text.c_str());
    return *time;
}

std::string show(const std::optional<ScheduleTime>& time)
{
    return time ? formatScheduleTime(*time) : std::string("<none>");
}

ScheduleExpression expression(const std::string& text)
{
    auto parsed = ScheduleExpression::parse(text, true);
    if (!parsed)
        qFatal("%s: %s", text.c_str(), parsed.error().message.c_str());
    return *parsed;
}

bool haveZone(const char* name)
{
    return std::filesystem::exists(std::string("/usr/share/zoneinfo/") + name) || std::getenv("TZDIR") != nullptr;
}

FunctionConfig functionWith(const std::string& name, std::vector<EventSourceConfig> events)
{
    FunctionConfig function;
    function.name = name;
    function.logicalId = name;
    function.events = std::move(events);
    return function;
}

EventSourceConfig scheduleEvent(const std::string& name, const std::string& type, nlohmann::json properties)
{
    EventSourceConfig source;
    source.name = name;
    source.type = type;
    source.properties = std::move(properties);
    return source;
}

/// An io_context run by a thread, for ScheduleSource.
struct IoThread {
    IoThread() : thread([this] { io.run(); }) {}
    ~IoThread()
    {
        work.reset();
        io.stop();
        thread.join();
    }
    /// Waits until everything posted before this call has run.
    bool drain()
    {
        std::promise<void> done;
        auto future = done.get_future();
        boost::asio::post(io, [&done] { done.set_value(); });
        return future.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
    }
    boost::asio::io_context io;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work{io.get_executor()};
    std::thread thread;
};

/// Deliveries seen by a ScheduleSource, safe to read from the test thread.
struct Deliveries {
    void add(const std::string& function, std::string payload)
    {
        const std::lock_guard lock(mutex);
        items.emplace_back(function, std::move(payload));
    }
    std::vector<std::string> of(const std::string& function)
    {
        const std::lock_guard lock(mutex);
        std::vector<std::string> result;
        for (const auto& [name, payload] : items) {
            if (name == function)
                result.push_back(payload);
        }
        return result;
    }
    std::size_t count(const std::string& function) { return of(function).size(); }
    std::mutex mutex;
    std::vector<std::pair<std::string, std::string>> items;
};

} // namespace

class TestSchedule : public QObject {
    Q_OBJECT

private slots:
    void validExpressions_data()
    {
        QTest::addColumn<QString>("text");
        for (const char* text : {"rate(1 minute)",
                                 "rate(5 minutes)",
                                 "rate(1 hour)",
                                 "rate(2 hours)",
                                 "rate(1 day)",
                                 "rate(2 days)",
                                 "  rate(10 minutes) ",
                                 "cron(0 10 * * ? *)",
                                 "cron(15 12 * * ? *)",
                                 "cron(0 18 ? * MON-FRI *)",
                                 "cron(0 8 1 * ? *)",
                                 "cron(0/15 * * * ? *)",
                                 "cron(0/10 * ? * MON-FRI *)",
                                 "cron(0/5 8-17 ? * MON-FRI *)",
                                 "cron(0 9 ? * 2#1 *)",
                                 "cron(0 12 L * ? *)",
                                 "cron(0 12 15W * ? *)",
                                 "cron(0 12 ? * 6L *)",
                                 "cron(0 12 ? * L 2026-2030)",
                                 "cron(0 0 1 JAN,JUL ? *)",
                                 "cron(30 2 ? * SUN *)",
                                 "cron(5,35 14 * * ? 2026)",
                                 "cron(0 22-2 * * ? *)",
                                 "cron(* * * * ? *)",
                                 "cron(0 0 ? * fri-mon *)",
                                 "cron(0 0 1-15/7 * ? *)",
                                 "cron(0 0 ? * 1,3,5 *)",
                                 "at(2026-11-20T22:00:00)"})
            QTest::newRow(text) << QString::fromUtf8(text);
    }

    void validExpressions()
    {
        QFETCH(QString, text);
        const auto parsed = ScheduleExpression::parse(text.toStdString(), true);
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
    }

    void invalidExpressions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says");
        const std::pair<const char*, const char*> cases[] = {
            {"rate(1 minutes)", "use 'minute'"},
            {"rate(5 minute)", "use 'minutes'"},
            {"rate(0 minutes)", ">= 1"},
            {"rate(-1 minutes)", ">= 1"},
            {"rate(5 seconds)", "unit"},
            {"rate(five minutes)", ">= 1"},
            {"rate(5)", ">= 1"},
            {"cron(0 10 * * *)", "six"},
            {"cron(0 10 * * * *)", "exactly one"},
            {"cron(0 10 ? * ? *)", "exactly one"},
            {"cron(60 10 * * ? *)", "0-59"},
            {"cron(0 24 * * ? *)", "0-23"},
            {"cron(0 10 32 * ? *)", "1-31"},
            {"cron(0 10 * 13 ? *)", "JAN-DEC"},
            {"cron(0 10 ? * 8 *)", "SUN-SAT"},
            {"cron(0 10 ? * 2#6 *)", "#"},
            {"cron(0 10 ? * 2#1,3#2 *)", "#"},
            {"cron(0 10 * * ? 2200)", "1970-2199"},
            {"cron(0 10 W * ? *)", "W"},
            {"cron(0 10 ? * MON-FRI/0 *)", "increment"},
            {"cron(0 10 L,15 * ? *)", "L"},
            {"cron(0 L * * ? *)", "Hours"},
            {"cron(0 10 * * ? 2026/0)", "increment"},
            {"cron(0 10 ? * 3W *)", "W"},
            {"at(2026-02-30T00:00:00)", "at("},
            {"at(2026-11-20 22:00)", "at("},
            {"every 5 minutes", "rate(value unit)"},
            {"", "rate(value unit)"},
        };
        for (const auto& [text, says] : cases)
            QTest::newRow(*text ? text : "<empty>") << QString::fromUtf8(text) << QString::fromUtf8(says);
    }

    void invalidExpressions()
    {
        QFETCH(QString, text);
        QFETCH(QString, says);
        const auto parsed = ScheduleExpression::parse(text.toStdString(), true);
        QVERIFY2(!parsed.ok(), qPrintable(text));
        QCOMPARE(parsed.error().code, std::string("ValidationException"));
        QVERIFY2(parsed.error().message.find(says.toStdString()) != std::string::npos, parsed.error().message.c_str());
    }

    void atNeedsScheduleV2()
    {
        const auto parsed = ScheduleExpression::parse("at(2026-11-20T22:00:00)", false);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.find("ScheduleV2") != std::string::npos, parsed.error().message.c_str());
    }

    void nextFireTimes_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QString>("expected");
        const char* rows[][3] = {
            {"rate(5 minutes)", "2026-03-05T09:59:30Z", "2026-03-05T10:04:30Z"},
            {"rate(1 day)", "2026-03-05T09:00:00Z", "2026-03-06T09:00:00Z"},
            {"cron(0 10 * * ? *)", "2026-03-05T09:59:00Z", "2026-03-05T10:00:00Z"},
            {"cron(0 10 * * ? *)", "2026-03-05T10:00:00Z", "2026-03-06T10:00:00Z"},
            {"cron(0 18 ? * MON-FRI *)", "2026-03-06T18:00:00Z", "2026-03-09T18:00:00Z"}, // Friday → Monday
            {"cron(0 12 L * ? *)", "2026-02-01T00:00:00Z", "2026-02-28T12:00:00Z"},
            {"cron(0 12 L * ? *)", "2028-02-01T00:00:00Z", "2028-02-29T12:00:00Z"},   // leap year
            {"cron(0 12 15W * ? *)", "2026-02-01T00:00:00Z", "2026-02-16T12:00:00Z"}, // Sunday 15th → Monday
            {"cron(0 12 15W * ? *)", "2026-08-01T00:00:00Z", "2026-08-14T12:00:00Z"}, // Saturday 15th → Friday
            {"cron(0 12 1W * ? *)", "2026-07-31T00:00:00Z", "2026-08-03T12:00:00Z"},  // Saturday 1st → Monday 3rd
            {"cron(0 9 ? * 2#1 *)", "2026-03-01T00:00:00Z", "2026-03-02T09:00:00Z"},  // first Monday
            {"cron(0 9 ? * 2#1 *)", "2026-03-02T09:00:00Z", "2026-04-06T09:00:00Z"},
            {"cron(0 12 ? * 6L *)", "2026-03-01T00:00:00Z", "2026-03-27T12:00:00Z"}, // last Friday
            {"cron(0 12 ? * L *)", "2026-03-05T00:00:00Z", "2026-03-07T12:00:00Z"},  // L alone = Saturday
            {"cron(0/15 * * * ? *)", "2026-03-05T10:07:00Z", "2026-03-05T10:15:00Z"},
            {"cron(0/15 * * * ? *)", "2026-03-05T10:45:00Z", "2026-03-05T11:00:00Z"},
            {"cron(0 22-2 * * ? *)", "2026-03-05T23:30:00Z", "2026-03-06T00:00:00Z"}, // wrapping range
            {"cron(0 0 1 JAN ? 2027)", "2026-03-05T00:00:00Z", "2027-01-01T00:00:00Z"},
            {"cron(0 0 1 JAN ? 2027)", "2027-01-01T00:00:00Z", "<none>"},
            {"cron(0 0 29 2 ? *)", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"},
            {"cron(0 8 ? JUN,DEC SUN#2 *)", "2026-06-01T00:00:00Z", "2026-06-14T08:00:00Z"},
            {"cron(* * * * ? *)", "2026-03-05T10:07:59Z", "2026-03-05T10:08:00Z"},
            {"at(2026-11-20T22:00:00)", "2026-01-01T00:00:00Z", "2026-11-20T22:00:00Z"},
            {"at(2026-11-20T22:00:00)", "2026-11-20T22:00:00Z", "<none>"},
        };
        for (const auto& row : rows)
            QTest::newRow((std::string(row[0]) + " after " + row[1]).c_str())
                << QString::fromUtf8(row[0]) << QString::fromUtf8(row[1]) << QString::fromUtf8(row[2]);
    }

    void nextFireTimes()
    {
        QFETCH(QString, expression);
        QFETCH(QString, after);
        QFETCH(QString, expected);
        const auto parsed = ::expression(expression.toStdString());
        QCOMPARE(show(parsed.next(utc(after.toStdString()))), expected.toStdString());
    }

    void timeZonesFollowTheTzDatabase()
    {
        if (!haveZone("America/New_York") || !haveZone("Europe/Berlin") || !haveZone("Australia/Sydney"))
            QSKIP("no tz database on this machine");
        const auto newYork = ScheduleTimeZone::load("America/New_York");
        QVERIFY2(newYork.ok(), newYork.ok() ? "" : newYork.error().message.c_str());
        QCOMPARE(newYork->offsetAt(utc("2026-01-15T12:00:00Z")), std::chrono::seconds(-5 * 3600));
        QCOMPARE(newYork->offsetAt(utc("2026-07-15T12:00:00Z")), std::chrono::seconds(-4 * 3600));
        // Past the file's last transition the POSIX rule of its footer decides.
        QCOMPARE(newYork->offsetAt(utc("2100-07-15T12:00:00Z")), std::chrono::seconds(-4 * 3600));
        QCOMPARE(newYork->offsetAt(utc("2100-12-15T12:00:00Z")), std::chrono::seconds(-5 * 3600));
        const auto sydney = ScheduleTimeZone::load("Australia/Sydney");
        QVERIFY(sydney.ok());
        QCOMPARE(sydney->offsetAt(utc("2100-01-15T12:00:00Z")), std::chrono::seconds(11 * 3600));
        QCOMPARE(sydney->offsetAt(utc("2100-07-15T12:00:00Z")), std::chrono::seconds(10 * 3600));

        using std::chrono::local_seconds;
        const auto gap = newYork->toUtc(local_seconds{utc("2026-03-08T02:30:00Z").time_since_epoch()});
        QVERIFY(gap.empty());
        const auto overlap = newYork->toUtc(local_seconds{utc("2026-11-01T01:30:00Z").time_since_epoch()});
        QCOMPARE(overlap.size(), std::size_t(2));
        QCOMPARE(formatScheduleTime(overlap[0]), std::string("2026-11-01T05:30:00Z"));
        QCOMPARE(formatScheduleTime(overlap[1]), std::string("2026-11-01T06:30:00Z"));

        // Spring forward: 02:30 does not exist on March 8, so that day has no fire.
        const auto daily0230 = expression("cron(30 2 * * ? *)");
        QCOMPARE(show(daily0230.next(utc("2026-03-07T12:00:00Z"), *newYork)), std::string("2026-03-09T06:30:00Z"));
        // Fall back: 01:30 happens twice on November 1 and fires once.
        const auto daily0130 = expression("cron(30 1 * * ? *)");
        const auto first = daily0130.next(utc("2026-10-31T12:00:00Z"), *newYork);
        QCOMPARE(show(first), std::string("2026-11-01T05:30:00Z"));
        QCOMPARE(show(daily0130.next(*first, *newYork)), std::string("2026-11-02T06:30:00Z"));

        const auto berlin = ScheduleTimeZone::load("Europe/Berlin");
        QVERIFY(berlin.ok());
        QCOMPARE(show(expression("cron(0 9 * * ? *)").next(utc("2026-07-01T00:00:00Z"), *berlin)),
                 std::string("2026-07-01T07:00:00Z"));
        QCOMPARE(show(expression("cron(0 9 * * ? *)").next(utc("2026-12-01T00:00:00Z"), *berlin)),
                 std::string("2026-12-01T08:00:00Z"));
        QCOMPARE(show(expression("at(2026-12-24T18:00:00)").next(utc("2026-01-01T00:00:00Z"), *berlin)),
                 std::string("2026-12-24T17:00:00Z"));
    }

    void badTimeZonesAreErrors()
    {
        for (const char* name : {"Mars/Olympus_Mons", "../../etc/passwd", "", "/etc/localtime"}) {
            const auto zone = ScheduleTimeZone::load(name);
            QVERIFY2(!zone.ok(), name);
            QVERIFY2(zone.error().message.find("ScheduleExpressionTimezone") != std::string::npos,
                     zone.error().message.c_str());
        }
        QVERIFY(ScheduleTimeZone::load("UTC").ok());
        QVERIFY(ScheduleTimeZone::load("UTC")->isFixed());
    }

    void timeZonesPastTheirLastTransition()
    {
        // The tz database's files list transitions up to 2037; later wall times follow each file's closing rule.
        if (!haveZone("America/New_York") || !haveZone("Etc/GMT+5"))
            QSKIP("no tz database on this machine");
        const auto newYork = ScheduleTimeZone::load("America/New_York");
        QVERIFY(newYork.ok());
        QVERIFY(!newYork->isFixed());
        using std::chrono::local_seconds;
        QVERIFY(newYork->toUtc(local_seconds{utc("2100-03-14T02:30:00Z").time_since_epoch()}).empty());
        const auto overlap = newYork->toUtc(local_seconds{utc("2100-11-07T01:30:00Z").time_since_epoch()});
        QCOMPARE(overlap.size(), std::size_t(2));
        QCOMPARE(formatScheduleTime(overlap[0]), std::string("2100-11-07T05:30:00Z"));
        QCOMPARE(formatScheduleTime(overlap[1]), std::string("2100-11-07T06:30:00Z"));
        QCOMPARE(show(expression("cron(0 9 * * ? *)").next(utc("2040-07-01T00:00:00Z"), *newYork)),
                 std::string("2040-07-01T13:00:00Z"));

        // POSIX-style names count west as positive: Etc/GMT+5 is five hours behind, and never changes.
        const auto fixed = ScheduleTimeZone::load("Etc/GMT+5");
        QVERIFY(fixed.ok());
        QVERIFY(fixed->isFixed());
        QCOMPARE(fixed->offsetAt(utc("2026-07-15T12:00:00Z")), std::chrono::seconds(-5 * 3600));
    }

    void scheduledEventShape()
    {
        const auto payload = scheduledEventPayload("arn:aws:events:us-east-1:123456789012:rule/nightly", "us-east-1",
                                                   "123456789012", utc("2026-11-20T22:00:00Z"));
        // EventBridge's key order.
        QVERIFY2(payload.rfind("{\"version\":\"0\",\"id\":\"", 0) == 0, payload.c_str());
        const auto json = nlohmann::json::parse(payload);
        QCOMPARE(json.size(), std::size_t(9));
        QCOMPARE(json["detail-type"], nlohmann::json("Scheduled Event"));
        QCOMPARE(json["source"], nlohmann::json("aws.events"));
        QCOMPARE(json["account"], nlohmann::json("123456789012"));
        QCOMPARE(json["time"], nlohmann::json("2026-11-20T22:00:00Z"));
        QCOMPARE(json["region"], nlohmann::json("us-east-1"));
        QCOMPARE(json["resources"], nlohmann::json({"arn:aws:events:us-east-1:123456789012:rule/nightly"}));
        QCOMPARE(json["detail"], nlohmann::json::object());
        QCOMPARE(json["id"].get<std::string>().size(), std::size_t(36));
    }

    void definitionsReadSamProperties()
    {
        const auto fn = functionWith("Fn", {});
        const auto read = [&](const std::string& type, nlohmann::json properties) {
            return ScheduleDefinition::fromEvent(fn, scheduleEvent("Nightly", type, std::move(properties)), "eu-west-1",
                                                 "111122223333");
        };
        const auto plain = read("Schedule", {{"Schedule", "rate(1 day)"}});
        QVERIFY(plain.ok());
        QVERIFY(plain->enabled);
        QCOMPARE(plain->arn, std::string("arn:aws:events:eu-west-1:111122223333:rule/FnNightly"));
        const auto scheduled = nlohmann::json::parse(plain->payload(utc("2026-03-05T10:00:00Z")));
        QCOMPARE(scheduled["resources"][0], nlohmann::json(plain->arn));
        QCOMPARE(scheduled["region"], nlohmann::json("eu-west-1"));

        const auto withInput = read(
            "Schedule", {{"Schedule", "cron(0 3 * * ? *)"}, {"Input", R"({"kind": "nightly"})"}, {"Name", "my-rule"}});
        QVERIFY(withInput.ok());
        QCOMPARE(withInput->payload(utc("2026-03-05T03:00:00Z")), std::string(R"({"kind": "nightly"})"));
        QCOMPARE(withInput->arn, std::string("arn:aws:events:eu-west-1:111122223333:rule/my-rule"));

        QVERIFY(!read("Schedule", {{"Schedule", "rate(1 day)"}, {"State", "DISABLED"}})->enabled);
        QVERIFY(!read("Schedule", {{"Schedule", "rate(1 day)"}, {"Enabled", false}})->enabled);
        QVERIFY(!read("ScheduleV2", {{"ScheduleExpression", "rate(1 day)"}, {"State", "DISABLED"}})->enabled);

        const auto v2 = read("ScheduleV2", {{"ScheduleExpression", "rate(5 minutes)"}, {"GroupName", "jobs"}});
        QVERIFY(v2.ok());
        QCOMPARE(v2->arn, std::string("arn:aws:scheduler:eu-west-1:111122223333:schedule/jobs/FnNightly"));
        QCOMPARE(v2->payload(utc("2026-03-05T03:00:00Z")), std::string("{}"));
        const auto v2Input = read("ScheduleV2", {{"ScheduleExpression", "at(2026-03-05T03:00:00)"},
                                                 {"Input", R"({"at":"<aws.scheduler.scheduled-time>",)"
                                                           R"("arn":"<aws.scheduler.schedule-arn>",)"
                                                           R"("try":"<aws.scheduler.attempt-number>"})"}});
        QVERIFY2(v2Input.ok(), v2Input.ok() ? "" : v2Input.error().message.c_str());
        const auto filled = nlohmann::json::parse(v2Input->payload(utc("2026-03-05T03:00:00Z")));
        QCOMPARE(filled["at"], nlohmann::json("2026-03-05T03:00:00Z"));
        QCOMPARE(filled["arn"], nlohmann::json(v2Input->arn));
        QCOMPARE(filled["try"], nlohmann::json("1"));
    }

    void badDefinitionsNameWhatIsWrong_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("properties");
        QTest::addColumn<QString>("says");
        const char* rows[][4] = {
            {"no expression", "Schedule", "{}", "Schedule is required"},
            {"bad rate", "Schedule", "{\"Schedule\": \"rate(1 minutes)\"}", "use 'minute'"},
            {"at needs v2", "Schedule", "{\"Schedule\": \"at(2026-01-01T00:00:00)\"}", "ScheduleV2"},
            {"input not json", "Schedule", "{\"Schedule\": \"rate(1 day)\", \"Input\": \"{nope\"}", "valid JSON"},
            {"input not string", "Schedule", "{\"Schedule\": \"rate(1 day)\", \"Input\": {\"a\": 1}}",
             "must be a string"},
            {"state", "Schedule", "{\"Schedule\": \"rate(1 day)\", \"State\": \"PAUSED\"}", "ENABLED or DISABLED"},
            {"both", "Schedule", "{\"Schedule\": \"rate(1 day)\", \"State\": \"ENABLED\", \"Enabled\": true}",
             "cannot both"},
            {"zone", "ScheduleV2",
             "{\"ScheduleExpression\": \"rate(1 day)\", \"ScheduleExpressionTimezone\": \"Nowhere/City\"}",
             "Nowhere/City"},
            {"dates", "ScheduleV2",
             "{\"ScheduleExpression\": \"rate(1 day)\", \"StartDate\": \"2026-02-01T00:00:00Z\", \"EndDate\": "
             "\"2026-01-01T00:00:00Z\"}",
             "later than StartDate"},
            {"date form", "ScheduleV2", "{\"ScheduleExpression\": \"rate(1 day)\", \"StartDate\": \"soon\"}",
             "ISO 8601"},
        };
        for (const auto& row : rows)
            QTest::newRow(row[0]) << QString::fromUtf8(row[1]) << QString::fromUtf8(row[2])
                                  << QString::fromUtf8(row[3]);
    }

    void badDefinitionsNameWhatIsWrong()
    {
        QFETCH(QString, type);
        QFETCH(QString, properties);
        QFETCH(QString, says);
        const auto definition = ScheduleDefinition::fromEvent(
            functionWith("Worker", {}),
            scheduleEvent("Tick", type.toStdString(), nlohmann::json::parse(properties.toStdString())), "us-east-1",
            "123456789012");
        QVERIFY(!definition.ok());
        const auto& message = definition.error().message;
        QVERIFY2(message.find("function Worker, event Tick") != std::string::npos, message.c_str());
        QVERIFY2(message.find(says.toStdString()) != std::string::npos, message.c_str());
    }

    void sourceFiresWithTimeScale()
    {
        IoThread io;
        Deliveries deliveries;
        std::vector<FunctionConfig> functions = {
            functionWith("Ticker", {scheduleEvent("EveryMinute", "Schedule", {{"Schedule", "rate(1 minute)"}})}),
            functionWith("Clock", {scheduleEvent("OnTheMinute", "Schedule", {{"Schedule", "cron(* * * * ? *)"}})}),
            functionWith("Off",
                         {scheduleEvent("Never", "Schedule", {{"Schedule", "rate(1 minute)"}, {"State", "DISABLED"}})}),
            functionWith("Broken", {scheduleEvent("Bad", "Schedule", {{"Schedule", "rate(1 minutes)"}})}),
            functionWith("Now", {scheduleEvent("V2", "ScheduleV2",
                                               {{"ScheduleExpression", "rate(1 hour)"},
                                                {"Input", R"({"at":"<aws.scheduler.scheduled-time>"})"}})}),
        };
        ScheduleSourceOptions options;
        options.timeScale = 0.01; // rate(1 minute) every 0.6 s
        ScheduleSource source(
            io.io.get_executor(), functions,
            [&](const std::string& function, std::string payload) { deliveries.add(function, std::move(payload)); },
            options);
        const auto errors = source.start();
        QCOMPARE(errors.size(), std::size_t(1));
        QVERIFY2(errors[0].message.find("function Broken, event Bad") != std::string::npos, errors[0].message.c_str());

        // A ScheduleV2 rate starts at once; Schedule's first fire is one period later.
        QTRY_VERIFY_WITH_TIMEOUT(deliveries.count("Now") == 1, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(deliveries.count("Ticker") >= 3, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(deliveries.count("Clock") >= 2, 10000);
        QCOMPARE(deliveries.count("Off"), std::size_t(0));
        QCOMPARE(deliveries.count("Broken"), std::size_t(0));

        const auto ticks = deliveries.of("Ticker");
        const auto firstTick = nlohmann::json::parse(ticks[0]);
        const auto secondTick = nlohmann::json::parse(ticks[1]);
        QCOMPARE(firstTick["detail-type"], nlohmann::json("Scheduled Event"));
        QCOMPARE(firstTick["resources"][0],
                 nlohmann::json("arn:aws:events:us-east-1:123456789012:rule/TickerEveryMinute"));
        // Payload times are schedule time: a minute apart although 0.6 s passed.
        const auto t1 = parseScheduleTime(firstTick["time"].get<std::string>());
        const auto t2 = parseScheduleTime(secondTick["time"].get<std::string>());
        QVERIFY(t1 && t2);
        QCOMPARE(*t2 - *t1, std::chrono::seconds(60));
        const auto clockTime =
            parseScheduleTime(nlohmann::json::parse(deliveries.of("Clock")[0])["time"].get<std::string>());
        QVERIFY(clockTime);
        QCOMPARE(clockTime->time_since_epoch().count() % 60, 0);
        const auto now = nlohmann::json::parse(deliveries.of("Now")[0]);
        QVERIFY(parseScheduleTime(now["at"].get<std::string>()).has_value());

        const auto statuses = source.schedules();
        QCOMPARE(statuses.size(), std::size_t(5));
        for (const auto& status : statuses) {
            if (status.function == "Off" || status.function == "Broken") {
                QVERIFY(!status.enabled);
                QVERIFY(!status.nextFire);
            }
            if (status.function == "Ticker") {
                QVERIFY(status.fires >= 3);
                QVERIFY(status.nextFire && *status.nextFire > *t2);
            }
        }

        source.stop();
        QVERIFY(io.drain());
        const auto stoppedAt = deliveries.count("Ticker");
        // Two more periods pass; nothing may arrive.
        QTest::qWait(1300);
        QCOMPARE(deliveries.count("Ticker"), stoppedAt);
        for (const auto& status : source.schedules())
            QVERIFY(!status.nextFire);
    }

    void stopFromInsideDeliver()
    {
        IoThread io;
        std::atomic<int> count{0};
        ScheduleSourceOptions options;
        options.timeScale = 0.002; // rate(1 minute) every 0.12 s
        std::unique_ptr<ScheduleSource> source;
        source = std::make_unique<ScheduleSource>(
            io.io.get_executor(),
            std::vector<FunctionConfig>{
                functionWith("Once", {scheduleEvent("E", "Schedule", {{"Schedule", "rate(1 minute)"}})})},
            [&](const std::string&, std::string) {
                ++count;
                source->stop();
            },
            options);
        QVERIFY(source->start().empty());
        QTRY_COMPARE_WITH_TIMEOUT(count.load(), 1, 5000);
        QTest::qWait(500);
        QCOMPARE(count.load(), 1);
        QVERIFY(io.drain());
        source.reset();
    }
};

QTEST_GUILESS_MAIN(TestSchedule)
#include "tst_schedule.moc"

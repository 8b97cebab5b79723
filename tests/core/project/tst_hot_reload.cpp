// SPDX-License-Identifier: MIT
// Hot reload from disk: code edits, template edits, a broken template (nothing lost), new functions.
#include "engine_fixture.h"

#include "project/template_loader.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace lambdadesk;
using namespace lambdadesk::tests;

namespace {

std::string templateText(int memory, bool withSecondFunction)
{
    std::string text = "AWSTemplateFormatVersion: '2010-09-09'\n"
                       "Transform: AWS::Serverless-2016-10-31\n"
                       "Resources:\n"
                       "  Fn:\n"
                       "    Type: AWS::Serverless::Function\n"
                       "    Properties:\n"
                       "      Runtime: python3.12\n"
                       "      Handler: app.handler\n"
                       "      CodeUri: fn/\n"
                       "      MemorySize: " +
                       std::to_string(memory) + "\n";
    if (withSecondFunction) {
        text += "  Second:\n"
                "    Type: AWS::Serverless::Function\n"
                "    Properties:\n"
                "      Runtime: python3.12\n"
                "      Handler: app.handler\n"
                "      CodeUri: fn/\n";
    }
    return text;
}

void writeFile(const std::filesystem::path& path, const std::string& text)
{
    // Write then rename, as editors do, so the watcher never sees half a file.
    const auto temporary = path.string() + ".tmp";
    std::ofstream(temporary) << text;
    std::filesystem::rename(temporary, path);
}

std::string version(core::Engine& engine, const std::string& function = "Fn")
{
    const auto result = invoke(engine, function);
    return result.ok() ? json(result)["version"].get<std::string>() : result.errorType;
}

}  // namespace

class TestHotReload : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_root = m_dir->path().toStdString();
        std::filesystem::create_directories(m_root / "fn");
        writeFile(m_root / "fn" / "app.py", "def handler(event, context):\n    return {'version': 'one'}\n");
        writeFile(m_root / "template.yaml", templateText(128, false));
        auto loaded = core::loadProject(m_root / "template.yaml");
        QVERIFY2(loaded.ok(), loaded.errorText().c_str());
        m_engine = std::make_unique<core::Engine>(quickOptions());
        m_events = std::make_shared<core::QueuedEventSink>();
        m_engine->events().subscribe(m_events);
        m_engine->loadProject(*loaded.project);
        QVERIFY(m_engine->watchProject(m_root / "template.yaml"));
        QCOMPARE(version(*m_engine), std::string("one"));
    }

    void cleanup()
    {
        m_engine.reset();
        m_dir.reset();
    }

    void codeEditReloadsTheFunction()
    {
        writeFile(m_root / "fn" / "app.py", "def handler(event, context):\n    return {'version': 'two!'}\n");
        QTRY_COMPARE_WITH_TIMEOUT(version(*m_engine), std::string("two!"), 5000);
    }

    void editInANewSubfolderCounts()
    {
        std::filesystem::create_directories(m_root / "fn" / "lib");
        writeFile(m_root / "fn" / "lib" / "__init__.py", "");
        writeFile(m_root / "fn" / "lib" / "v.py", "VERSION = 'from-lib'\n");
        writeFile(m_root / "fn" / "app.py",
                  "from lib import v\n\ndef handler(event, context):\n    return {'version': v.VERSION}\n");
        QTRY_COMPARE_WITH_TIMEOUT(version(*m_engine), std::string("from-lib"), 5000);
        writeFile(m_root / "fn" / "lib" / "v.py", "VERSION = 'lib-edited'\n");
        QTRY_COMPARE_WITH_TIMEOUT(version(*m_engine), std::string("lib-edited"), 5000);
    }

    void templateEditAppliesTheNewConfiguration()
    {
        writeFile(m_root / "template.yaml", templateText(256, false));
        QTRY_COMPARE_WITH_TIMEOUT(invoke(*m_engine, "Fn").memorySizeMb, 256, 5000);
    }

    void brokenTemplateKeepsTheRunningFunctions()
    {
        writeFile(m_root / "template.yaml", "Resources:\n  Fn: [unclosed\n");
        bool reported = false;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     for (const auto& event : m_events->drain()) {
                                         if (const auto* reload = std::get_if<core::ProjectReloaded>(&event.payload))
                                             reported = reported || (!reload->ok &&
                                                                     reload->message.find("template.yaml:") !=
                                                                         std::string::npos);
                                     }
                                     return reported;
                                 }()),
                                 5000);
        QCOMPARE(version(*m_engine), std::string("one"));
    }

    void newFunctionsAppearAndRemovedOnesGo()
    {
        writeFile(m_root / "template.yaml", templateText(128, true));
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->function("Second").has_value(), 5000);
        QCOMPARE(version(*m_engine, "Second"), std::string("one"));
        writeFile(m_root / "template.yaml", templateText(128, false));
        QTRY_VERIFY_WITH_TIMEOUT(!m_engine->function("Second").has_value(), 5000);
    }

    // Functions created through the API (here, one in the default region and one in another) are not the
    // template's: a template edit leaves them, and removes only what the template itself had. They used to go.
    void aTemplateEditKeepsFunctionsTheTemplateDoesNotOwn()
    {
        auto made = *m_engine->function("Fn");
        made.name = "MadeByApi";
        made.arn.clear();
        m_engine->putFunction(made);
        made.name = "Fn";
        made.arn = "arn:aws:lambda:eu-west-1:123456789012:function:Fn";
        m_engine->putFunction(made);
        QVERIFY(m_engine->function("Fn@eu-west-1").has_value());
        writeFile(m_root / "template.yaml", templateText(128, true));
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->function("Second").has_value(), 5000);
        writeFile(m_root / "template.yaml", templateText(256, false));
        QTRY_VERIFY_WITH_TIMEOUT(!m_engine->function("Second").has_value(), 5000);
        QCOMPARE(m_engine->function("Fn")->memoryMb, 256);
        QVERIFY(m_engine->function("MadeByApi").has_value());
        QVERIFY(m_engine->function("Fn@eu-west-1").has_value());
        QCOMPARE(version(*m_engine, "MadeByApi"), std::string("one"));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::filesystem::path m_root;
    std::unique_ptr<core::Engine> m_engine;
    std::shared_ptr<core::QueuedEventSink> m_events;
};

QTEST_GUILESS_MAIN(TestHotReload)
#include "tst_hot_reload.moc"

// SPDX-License-Identifier: MIT
// The project watcher on its own io_context: what it reports, and that re-watching (what a reload does)
// loses nothing written meanwhile.
#include "project/project_watcher.h"

#include <QTemporaryDir>
#include <QtTest>

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <fstream>
#include <optional>

using namespace lambdadesk;

namespace {

void writeFile(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream(path) << text;
}

}  // namespace

class TestProjectWatcher : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_root = m_dir->path().toStdString();
        std::filesystem::create_directories(m_root / "fn");
        writeFile(m_root / "template.yaml", "Resources: {}\n");
        writeFile(m_root / "fn" / "app.py", "x = 1\n");
        m_io = std::make_unique<boost::asio::io_context>();
        m_reports.clear();
        m_watcher = std::make_shared<core::ProjectWatcher>(
            m_io->get_executor(), [this](const core::ProjectChanges& changes) { m_reports.push_back(changes); },
            std::chrono::milliseconds(200));
        QVERIFY(m_watcher->watch(m_root / "template.yaml", {{"Fn", m_root / "fn"}}));
    }

    void cleanup()
    {
        m_watcher.reset();
        m_io.reset();
        m_dir.reset();
    }

    void aTemplateEditIsReportedOnce()
    {
        writeFile(m_root / "template.yaml", "Resources: {A: 1}\n");
        writeFile(m_root / "template.yaml", "Resources: {A: 2}\n");
        QVERIFY(runUntilReported());
        QCOMPARE(m_reports.size(), std::size_t{1});
        QVERIFY(m_reports.front().templateChanged);
        QVERIFY(m_reports.front().functionsWithChangedCode.empty());
    }

    void aCodeEditNamesItsFunction()
    {
        writeFile(m_root / "fn" / "app.py", "x = 2\n");
        QVERIFY(runUntilReported());
        QVERIFY(!m_reports.front().templateChanged);
        QCOMPARE(m_reports.front().functionsWithChangedCode, std::set<std::string>{"Fn"});
    }

    // A reload re-watches (new functions, new folders) while the user may still be saving. The edit made
    // before the re-watch, not yet read by the watcher, used to be dropped with the old inotify instance.
    void anEditMadeJustBeforeARewatchIsStillReported()
    {
        std::filesystem::create_directories(m_root / "second");
        writeFile(m_root / "template.yaml", "Resources: {Second: 1}\n");
        QVERIFY(m_watcher->watch(m_root / "template.yaml", {{"Fn", m_root / "fn"}, {"Second", m_root / "second"}}));
        QVERIFY(runUntilReported());
        QVERIFY(m_reports.front().templateChanged);
    }

    void aChangeNotYetReportedSurvivesARewatch()
    {
        writeFile(m_root / "fn" / "app.py", "x = 3\n");
        // Let the watcher read the event: it is now pending, inside the 200 ms quiet period. Then re-watch.
        m_io->run_for(std::chrono::milliseconds(30));
        QVERIFY(m_reports.empty());
        QVERIFY(m_watcher->watch(m_root / "template.yaml", {{"Fn", m_root / "fn"}}));
        QVERIFY(runUntilReported());
        QCOMPARE(m_reports.front().functionsWithChangedCode, std::set<std::string>{"Fn"});
    }

    void aFolderNoLongerWatchedIsQuiet()
    {
        QVERIFY(m_watcher->watch(m_root / "template.yaml", {}));
        writeFile(m_root / "fn" / "app.py", "x = 4\n");
        QVERIFY(!runUntilReported(std::chrono::milliseconds(300)));
    }

private:
    bool runUntilReported(std::chrono::milliseconds limit = std::chrono::milliseconds(5000))
    {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (m_reports.empty() && std::chrono::steady_clock::now() < deadline) {
            m_io->restart();
            m_io->run_for(std::chrono::milliseconds(10));
        }
        return !m_reports.empty();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::filesystem::path m_root;
    std::unique_ptr<boost::asio::io_context> m_io;
    std::shared_ptr<core::ProjectWatcher> m_watcher;
    std::vector<core::ProjectChanges> m_reports;
};

QTEST_GUILESS_MAIN(TestProjectWatcher)
#include "tst_project_watcher.moc"

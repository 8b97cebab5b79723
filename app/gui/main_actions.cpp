// SPDX-License-Identifier: MIT
#include "main_actions.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QStyle>
#include <QToolBar>
#include <QWidget>

namespace lambdadesk::gui {
namespace {

QAction* makeAction(QWidget* window, const QString& text, const char* themeIcon, QStyle::StandardPixmap fallback,
                    const QKeySequence& shortcut, const QString& toolTip)
{
    auto* action = new QAction(text, window);
    if (themeIcon)
        action->setIcon(QIcon::fromTheme(QLatin1String(themeIcon), window->style()->standardIcon(fallback)));
    if (!shortcut.isEmpty())
        action->setShortcut(shortcut);
    // Tooltips name the shortcut, as IDEs do.
    action->setToolTip(shortcut.isEmpty() ? toolTip
                                          : QStringLiteral("%1 (%2)").arg(toolTip, shortcut.toString(QKeySequence::NativeText)));
    window->addAction(action);  // shortcuts work while any dock has focus
    return action;
}

}  // namespace

MainActions::MainActions(QWidget* window) : QObject(window)
{
    openProject = makeAction(window, tr("&Open Project…"), "document-open", QStyle::SP_DialogOpenButton,
                             QKeySequence::Open, tr("Open a SAM project (template.yaml)"));
    openDemo = makeAction(window, tr("Open &Demo Project"), nullptr, QStyle::SP_CustomBase, {},
                          tr("Open the bundled demo shop"));
    save = makeAction(window, tr("&Save"), "document-save", QStyle::SP_DialogSaveButton, QKeySequence::Save,
                      tr("Save the file in the editor; the function reloads on its next invoke"));
    resetState = makeAction(window, tr("Reset Project &State…"), "edit-clear", QStyle::SP_DialogResetButton, {},
                            tr("Delete the project's queues, streams, async events and history, and start clean"));
    quit = makeAction(window, tr("&Quit"), "application-exit", QStyle::SP_DialogCloseButton, QKeySequence::Quit,
                      tr("Quit LambdaDesk"));
    run = makeAction(window, tr("&Run Project"), "media-playback-start", QStyle::SP_MediaPlay,
                     QKeySequence(Qt::Key_F5), tr("Run the project: engine and AWS endpoint"));
    stop = makeAction(window, tr("&Stop Project"), "media-playback-stop", QStyle::SP_MediaStop,
                      QKeySequence(Qt::SHIFT | Qt::Key_F5), tr("Stop the engine; every environment shuts down"));
    invoke = makeAction(window, tr("&Invoke"), "mail-send", QStyle::SP_ArrowForward, QKeySequence(Qt::CTRL | Qt::Key_I),
                        tr("Invoke the function in the Invoke panel with its event"));
    startTraffic = makeAction(window, tr("Start &Traffic"), "media-seek-forward", QStyle::SP_MediaSeekForward,
                              QKeySequence(Qt::CTRL | Qt::Key_T), tr("Start the traffic generator's plan"));
    stopTraffic = makeAction(window, tr("Stop Traffic"), "process-stop", QStyle::SP_BrowserStop,
                             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), tr("Stop the traffic generator"));
    experiments = makeAction(window, tr("Fault &Experiments"), "dialog-warning", QStyle::SP_MessageBoxWarning,
                             QKeySequence(Qt::CTRL | Qt::Key_E),
                             tr("Show the fault experiments: add latency, errors, crashes or cold starts (AWS FIS "
                                "templates) and read what broke"));
    newFunction = makeAction(window, tr("&New Function…"), "document-new", QStyle::SP_FileIcon, QKeySequence::New,
                             tr("Create a function in the console: starting code per runtime, running at once"));
    exportProject = makeAction(window, tr("&Export as SAM Project…"), "document-save-as", QStyle::SP_DriveHDIcon,
                               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X),
                               tr("Write the project as a SAM project folder under git (template, samconfig, code, "
                                  "events), ready for sam build && sam deploy"));
    copyEndpoint = makeAction(window, tr("Copy AWS &Endpoint Address"), "edit-copy", QStyle::SP_FileLinkIcon, {},
                              tr("Copy the endpoint's URL for --endpoint-url"));
    resetLayout = makeAction(window, tr("&Reset Layout"), "view-restore", QStyle::SP_TitleBarNormalButton,
                             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                             tr("Put every panel back where it starts, sized for this window"));
    about = makeAction(window, tr("&About LambdaDesk"), "help-about", QStyle::SP_MessageBoxInformation, {},
                       tr("About LambdaDesk"));
}

QToolBar* MainActions::createToolBar(QWidget* parent, QAction* debug) const
{
    auto* bar = new QToolBar(tr("Main"), parent);
    bar->setObjectName(QStringLiteral("mainToolbar"));  // for saveState/restoreState
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    bar->addAction(run);
    bar->addAction(stop);
    if (debug)
        bar->addAction(debug);
    bar->addSeparator();
    bar->addAction(invoke);
    bar->addSeparator();
    bar->addAction(startTraffic);
    bar->addAction(stopTraffic);
    bar->addSeparator();
    bar->addAction(experiments);
    bar->addSeparator();
    bar->addAction(exportProject);
    return bar;
}

}  // namespace lambdadesk::gui

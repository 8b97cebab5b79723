// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QAction;
class QMenuBar;
class QToolBar;
class QWidget;

namespace lambdadesk::gui {

/// The window's commands, one QAction each with a platform-theme icon (a Qt style icon where the theme
/// has none), an IDE-style shortcut and a tooltip that names it; the menus and the toolbar share them.
/// Only the actions live here; MainWindow connects what they do.
class MainActions : public QObject {
    Q_OBJECT

public:
    explicit MainActions(QWidget* window);

    QAction* openProject;
    QAction* openDemo;
    QAction* save;
    QAction* resetState;
    QAction* quit;
    QAction* run;
    QAction* stop;
    QAction* invoke;
    QAction* startTraffic;
    QAction* stopTraffic;
    QAction* experiments;
    QAction* newFunction;
    QAction* exportProject;
    QAction* copyEndpoint;
    QAction* resetLayout;
    QAction* about;

    /// The main toolbar: Run/Stop and `debug` (the debugger's Start Debugging, owned by DebugActions), Invoke,
    /// Start/Stop traffic, Experiments and Export as SAM Project.
    QToolBar* createToolBar(QWidget* parent, QAction* debug) const;
};

}  // namespace lambdadesk::gui

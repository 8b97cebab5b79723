// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QAction;
class QComboBox;

namespace lambdadesk::gui {

class CoreController;
class TimelineLegend;
class TimelineView;

/// The centre of the window: the timeline with its key and its controls (visible window, follow live).
class TimelinePanel : public QWidget {
    Q_OBJECT

public:
    explicit TimelinePanel(CoreController* controller, QWidget* parent = nullptr);

    [[nodiscard]] TimelineView* view() const { return m_view; }
    [[nodiscard]] QComboBox* spanSelector() const { return m_span; }
    /// Follow live (F): checkable, kept in step with the view.
    [[nodiscard]] QAction* followAction() const { return m_follow; }

private:
    /// Shows the view's span in the selector: its entry when it is one, else a "custom" entry.
    void showSpan(qint64 spanNs);

    TimelineView* m_view;
    TimelineLegend* m_legend;
    QComboBox* m_span;
    QAction* m_follow;
};

}  // namespace lambdadesk::gui

// SPDX-License-Identifier: MIT
#pragma once

#include "debug_types.h"

#include <QAbstractTableModel>

#include <vector>

namespace lambdadesk::gui {

/// The call stack of the thread shown in the Debug dock, innermost frame first, with the selected frame
/// marked. Replaced as a whole on every stop: a stack is read once per stop, never streamed.
class StackModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns { FunctionColumn, LocationColumn, ColumnCount };
    enum Roles { FrameIndexRole = Qt::UserRole + 1, FileRole, LineRole, CurrentRole };

    explicit StackModel(QObject* parent = nullptr);

    void setFrames(const std::vector<debugger::FrameInfo>& frames);
    void clear();
    /// The frame whose variables are shown (LLDB's frame index); drawn bold.
    void setCurrentFrame(int frameIndex);
    [[nodiscard]] int currentFrame() const { return m_current; }
    [[nodiscard]] const std::vector<debugger::FrameInfo>& frames() const { return m_frames; }
    /// The row of LLDB's frame `frameIndex`, or -1.
    [[nodiscard]] int rowOf(int frameIndex) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<debugger::FrameInfo> m_frames;
    int m_current = -1;
};

}  // namespace lambdadesk::gui

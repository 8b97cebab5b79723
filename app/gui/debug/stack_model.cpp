// SPDX-License-Identifier: MIT
#include "debug/stack_model.h"

#include <QBrush>
#include <QColor>
#include <QFileInfo>
#include <QFont>

namespace lambdadesk::gui {

StackModel::StackModel(QObject* parent) : QAbstractTableModel(parent) {}

void StackModel::setFrames(const std::vector<debugger::FrameInfo>& frames)
{
    beginResetModel();
    m_frames = frames;
    m_current = frames.empty() ? -1 : m_current;
    endResetModel();
}

void StackModel::clear()
{
    setFrames({});
}

void StackModel::setCurrentFrame(int frameIndex)
{
    const int before = rowOf(m_current);
    m_current = frameIndex;
    for (const int row : {before, rowOf(m_current)}) {
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

int StackModel::rowOf(int frameIndex) const
{
    for (std::size_t row = 0; row < m_frames.size(); ++row) {
        if (m_frames[row].index == frameIndex)
            return static_cast<int>(row);
    }
    return -1;
}

int StackModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_frames.size());
}

int StackModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StackModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const auto& frame = m_frames[static_cast<std::size_t>(index.row())];
    const QString file = QString::fromStdString(frame.file);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == FunctionColumn)
            return frame.function.empty() ? QStringLiteral("0x%1").arg(frame.pc, 0, 16)
                                          : QString::fromStdString(frame.function);
        // The file name is what the user recognises; the full path is in the tooltip.
        return file.isEmpty() ? QString() : QStringLiteral("%1:%2").arg(QFileInfo(file).fileName()).arg(frame.line);
    case Qt::ToolTipRole:
        return file.isEmpty() ? tr("No source (no debug information for this frame)")
                              : QStringLiteral("%1:%2").arg(file).arg(frame.line);
    case Qt::FontRole:
        if (frame.index == m_current) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        // Frames without source (libc, the runtime loop) are context, not places to go.
        return file.isEmpty() ? QVariant(QBrush(QColor(0x80, 0x80, 0x80))) : QVariant();
    case FrameIndexRole: return frame.index;
    case FileRole: return file;
    case LineRole: return frame.line;
    case CurrentRole: return frame.index == m_current;
    }
    return {};
}

QVariant StackModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FunctionColumn: return tr("Function");
    case LocationColumn: return tr("Location");
    }
    return {};
}

}  // namespace lambdadesk::gui

// SPDX-License-Identifier: MIT
#include "region_filter.h"

#include <QSignalBlocker>

#include <algorithm>

namespace lambdadesk::gui {

RegionFilter::RegionFilter(const QString& toolTip, QWidget* parent) : QComboBox(parent)
{
    setObjectName(QStringLiteral("regionFilter"));
    setToolTip(toolTip);
    addItem(tr("All regions"));
    setVisible(false);
}

bool RegionFilter::setRegions(QStringList regions)
{
    regions.removeAll(QString());
    regions.removeDuplicates();
    regions.sort();
    m_several = regions.size() > 1;
    setVisible(m_several);
    QStringList items;
    for (int i = 1; i < count(); ++i)
        items << itemText(i);
    if (items != regions) {
        // Rebuilt without a signal: the owner applies the filter right after, once.
        const QString chosen = currentIndex() > 0 ? currentText() : QString();
        const QSignalBlocker block(this);
        while (count() > 1)
            removeItem(1);
        addItems(regions);
        setCurrentIndex(std::max(0, static_cast<int>(regions.indexOf(chosen)) + 1));
    }
    return m_several;
}

bool RegionFilter::shows(const QString& region) const
{
    return !m_several || currentIndex() <= 0 || region == currentText();
}

}  // namespace lambdadesk::gui

#include "simulation/simulationsparkline.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace {
constexpr int kSlices = 40;
}

SimulationSparkline::SimulationSparkline(QWidget *parent)
    : QWidget(parent)
{
    setMinimumHeight(40);
    setToolTip(tr("Conflict rate over time: the share of claims answered 409 in each slice of "
                  "the run. High means many drivers chase few orders."));
}

void SimulationSparkline::setAttempts(const QList<SimulationAttempt> &attempts)
{
    m_rates.clear();
    m_overall = 0;
    qint64 first = 0;
    qint64 last = 0;
    bool any = false;
    for (const SimulationAttempt &a : attempts) {
        if (a.kind != SimulationAttempt::Kind::Claim)
            continue;
        first = any ? std::min(first, a.answeredUs) : a.answeredUs;
        last = any ? std::max(last, a.answeredUs) : a.answeredUs;
        any = true;
    }
    if (any) {
        QList<int> claims(kSlices);
        QList<int> conflicts(kSlices);
        const double span = double(std::max<qint64>(1, last - first));
        int total = 0;
        int totalConflicts = 0;
        for (const SimulationAttempt &a : attempts) {
            if (a.kind != SimulationAttempt::Kind::Claim)
                continue;
            const int slice
                = std::min(kSlices - 1, int(double(a.answeredUs - first) / span * kSlices));
            ++claims[slice];
            ++total;
            if (a.isConflict()) {
                ++conflicts[slice];
                ++totalConflicts;
            }
        }
        for (int i = 0; i < kSlices; ++i)
            m_rates << (claims.at(i) ? double(conflicts.at(i)) / claims.at(i) : -1.0);
        m_overall = total ? double(totalConflicts) / total : 0;
    }
    update();
}

void SimulationSparkline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QString label = tr("409 rate %1%").arg(m_overall * 100, 0, 'f', 1);
    const int labelWidth = fontMetrics().horizontalAdvance(label) + 8;
    const QRectF plot(2, 4, std::max(10, width() - labelWidth - 4), height() - 8);
    painter.fillRect(plot, pal.color(QPalette::AlternateBase));
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRectF(plot.right() + 4, 0, labelWidth, height()), Qt::AlignVCenter, label);
    if (m_rates.isEmpty())
        return;
    QPainterPath path;
    bool drawing = false;
    const double dx = plot.width() / std::max<qsizetype>(1, m_rates.size() - 1);
    for (qsizetype i = 0; i < m_rates.size(); ++i) {
        if (m_rates.at(i) < 0) {
            drawing = false;
            continue;
        }
        const QPointF point(plot.left() + i * dx, plot.bottom() - m_rates.at(i) * plot.height());
        if (drawing)
            path.lineTo(point);
        else
            path.moveTo(point);
        drawing = true;
    }
    painter.setPen(QPen(QColor(0xdc, 0x26, 0x26), 1.5));
    painter.drawPath(path);
}

#include "simulation/timelinewidget.h"

#include "common/outcomepalette.h"

#include <QFontMetrics>
#include <QImageWriter>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace {

constexpr int kAxisHeight = 22;
constexpr double kMaxZoom = 100000.0;

QColor colourOf(const SimulationAttempt &attempt)
{
    if (attempt.kind == SimulationAttempt::Kind::Hold)
        return OutcomePalette::hold();
    return OutcomePalette::background(attempt.httpStatus);
}

// 1, 2, 5 × 10^n microseconds, so that ticks are about `pixels` apart.
qint64 tickStep(double usPerPixel, int pixels)
{
    const double raw = std::max(1.0, usPerPixel * pixels);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : { 1.0, 2.0, 5.0, 10.0 }) {
        if (power * factor >= raw)
            return qint64(power * factor);
    }
    return qint64(power * 10);
}

QString timeLabel(qint64 us, qint64 step)
{
    if (step >= 1000000)
        return QStringLiteral("%1 s").arg(double(us) / 1e6, 0, 'f', step >= 10000000 ? 0 : 1);
    if (step >= 1000)
        return QStringLiteral("%1 ms").arg(double(us) / 1e3, 0, 'f', step >= 10000 ? 0 : 1);
    return QStringLiteral("%1 µs").arg(us);
}

} // namespace

TimelineWidget::TimelineWidget(QWidget *parent)
    : QWidget(parent)
{
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setFocusPolicy(Qt::WheelFocus);
    setToolTip(tr("One bar per claim, from send to answer. Ctrl+wheel zooms, the wheel pans, "
                  "a double click fits the whole run."));
}

void TimelineWidget::setLanes(const QStringList &names)
{
    m_lanes = names;
    updateGeometry();
    update();
}

void TimelineWidget::setAttempts(const QList<SimulationAttempt> &attempts)
{
    m_attempts = attempts;
    if (!m_attempts.isEmpty()) {
        m_firstUs = m_attempts.first().sentUs;
        m_lastUs = m_attempts.first().answeredUs;
        for (const SimulationAttempt &attempt : std::as_const(m_attempts)) {
            m_firstUs = std::min(m_firstUs, attempt.sentUs);
            m_lastUs = std::max(m_lastUs, attempt.answeredUs);
        }
    }
    update();
}

void TimelineWidget::clear()
{
    m_attempts.clear();
    m_firstUs = m_lastUs = 0;
    fit();
}

void TimelineWidget::fit()
{
    m_zoom = 1.0;
    m_viewStartUs = fullStartUs();
    emit zoomChanged(m_zoom);
    update();
}

void TimelineWidget::showRange(qint64 fromUs, qint64 toUs)
{
    if (toUs <= fromUs) {
        fit();
        return;
    }
    const double full = double(fullEndUs() - fullStartUs());
    m_zoom = std::clamp(full / double(toUs - fromUs), 1.0, kMaxZoom);
    m_viewStartUs = fromUs;
    emit zoomChanged(m_zoom);
    update();
}

qint64 TimelineWidget::fullStartUs() const
{
    return m_firstUs;
}

qint64 TimelineWidget::fullEndUs() const
{
    // A little room after the last answer, and never an empty range.
    const qint64 span = std::max<qint64>(100, m_lastUs - m_firstUs);
    return m_firstUs + span + span / 50;
}

int TimelineWidget::gutter() const
{
    int widest = fontMetrics().horizontalAdvance(QStringLiteral("Lane 00"));
    for (const QString &name : m_lanes)
        widest = std::max(widest, fontMetrics().horizontalAdvance(name));
    return std::min(widest + 16, 180);
}

int TimelineWidget::legendHeight() const
{
    return m_legend ? fontMetrics().height() + 12 : 0;
}

int TimelineWidget::rowHeight() const
{
    const int available = height() - kAxisHeight - legendHeight() - 4;
    const int natural = fontMetrics().height() + 6;
    if (m_lanes.isEmpty())
        return natural;
    return std::clamp(available / int(m_lanes.size()), 6, natural + 8);
}

QRect TimelineWidget::plotRect() const
{
    return QRect(gutter(), kAxisHeight, std::max(10, width() - gutter() - 8),
                 height() - kAxisHeight - legendHeight());
}

double TimelineWidget::usPerPixel() const
{
    return double(fullEndUs() - fullStartUs()) / m_zoom / double(plotRect().width());
}

double TimelineWidget::xOf(qint64 us) const
{
    const qint64 start = m_zoom > 1.0 ? m_viewStartUs : fullStartUs();
    return plotRect().left() + double(us - start) / usPerPixel();
}

QSize TimelineWidget::sizeHint() const
{
    return QSize(720,
                 kAxisHeight + std::max<int>(4, int(m_lanes.size())) * (fontMetrics().height() + 6)
                     + 4);
}

QSize TimelineWidget::minimumSizeHint() const
{
    // Room for every lane's name (up to 24 lanes; more get thinner rows, still each one
    // visible), so that the grid and scoreboard below cannot squeeze it to a strip.
    const int lanes = std::clamp(int(m_lanes.size()), 4, 24);
    return QSize(240, kAxisHeight + lanes * (fontMetrics().height() - 2) + 4 + legendHeight());
}

bool TimelineWidget::showsLaneNames() const
{
    return !m_lanes.isEmpty() && rowHeight() >= fontMetrics().height() - 2;
}

void TimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QRect plot = plotRect();
    const int row = rowHeight();
    const QPalette pal = palette();

    // Lane rows, striped, with names in the gutter.
    for (int lane = 0; lane < int(m_lanes.size()); ++lane) {
        const QRect band(0, plot.top() + lane * row, width(), row);
        if (lane % 2)
            painter.fillRect(band, pal.color(QPalette::AlternateBase));
        if (showsLaneNames()) {
            painter.setPen(pal.color(QPalette::Text));
            painter.drawText(
                QRect(4, band.top(), gutter() - 8, row), Qt::AlignVCenter | Qt::AlignLeft,
                fontMetrics().elidedText(m_lanes.at(lane), Qt::ElideRight, gutter() - 8));
        }
    }

    // Time axis: µs since the first send.
    const qint64 step = tickStep(usPerPixel(), 90);
    const qint64 viewStart = m_zoom > 1.0 ? m_viewStartUs : fullStartUs();
    const qint64 viewEnd = viewStart + qint64(usPerPixel() * plot.width());
    painter.setPen(pal.color(QPalette::Mid));
    const qint64 firstTick = ((viewStart - m_firstUs) / step) * step + m_firstUs;
    for (qint64 t = firstTick; t <= viewEnd; t += step) {
        const int x = int(xOf(t));
        if (x < plot.left())
            continue;
        painter.setPen(pal.color(QPalette::Midlight));
        painter.drawLine(x, plot.top(), x, plot.top() + row * int(m_lanes.size()));
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QRect(x - 45, 2, 90, kAxisHeight - 4), Qt::AlignCenter,
                         timeLabel(t - m_firstUs, step));
    }

    // Bars.
    painter.setClipRect(plot);
    const int barHeight = std::max(3, row - 4);
    for (const SimulationAttempt &attempt : std::as_const(m_attempts)) {
        if (attempt.lane >= m_lanes.size())
            continue;
        const double x1 = xOf(attempt.sentUs);
        const double x2 = xOf(attempt.answeredUs);
        if (x2 < plot.left() || x1 > plot.right())
            continue;
        const QRectF bar(x1, plot.top() + attempt.lane * row + (row - barHeight) / 2.0,
                         std::max(2.0, x2 - x1), barHeight);
        painter.fillRect(bar, colourOf(attempt));
        if (attempt.isWin()) {
            painter.setPen(QPen(pal.color(QPalette::Text), 1));
            painter.drawRect(bar);
            if (barHeight >= 8) {
                QFont bold = font();
                bold.setBold(true);
                painter.setFont(bold);
                painter.drawText(QRectF(bar.right() + 2, bar.top() - 2, 60, barHeight + 4),
                                 Qt::AlignVCenter | Qt::AlignLeft,
                                 QStringLiteral("★ %1").arg(attempt.orderId));
                painter.setFont(font());
            }
        }
    }
    painter.setClipping(false);
    if (m_legend)
        paintLegend(painter);

    if (m_attempts.isEmpty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter, tr("No attempts yet: press Start."));
    } else if (m_zoom > 1.0) {
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QRect(4, 2, gutter(), kAxisHeight - 4), Qt::AlignVCenter | Qt::AlignLeft,
                         QStringLiteral("×%1").arg(m_zoom, 0, 'f', m_zoom < 10 ? 1 : 0));
    }
}

void TimelineWidget::wheelEvent(QWheelEvent *event)
{
    const QRect plot = plotRect();
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    if (event->modifiers() & Qt::ControlModifier) {
        // Zoom around the time under the mouse.
        const double mouseX
            = std::clamp(event->position().x(), double(plot.left()), double(plot.right()));
        const double before = (m_zoom > 1.0 ? m_viewStartUs : fullStartUs())
            + (mouseX - plot.left()) * usPerPixel();
        m_zoom = std::clamp(m_zoom * std::pow(1.25, steps), 1.0, kMaxZoom);
        m_viewStartUs = qint64(before - (mouseX - plot.left()) * usPerPixel());
    } else if (m_zoom > 1.0) {
        m_viewStartUs -= qint64(steps * 60 * usPerPixel());
    } else {
        event->ignore();
        return;
    }
    const qint64 visible = qint64(usPerPixel() * plot.width());
    m_viewStartUs
        = std::clamp(m_viewStartUs, fullStartUs(), std::max(fullStartUs(), fullEndUs() - visible));
    emit zoomChanged(m_zoom);
    update();
    event->accept();
}

void TimelineWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    fit();
    event->accept();
}

void TimelineWidget::paintLegend(QPainter &painter) const
{
    // The same colours as the bars, from the same function: a sample attempt of each kind.
    SimulationAttempt won;
    won.code = OutcomeCode::Assigned;
    SimulationAttempt conflict;
    conflict.httpStatus = 409;
    SimulationAttempt other;
    SimulationAttempt hold;
    hold.kind = SimulationAttempt::Kind::Hold;
    const QList<std::pair<SimulationAttempt, QString>> entries {
        { won, tr("won (★ order)") },
        { conflict, tr("409 conflict") },
        { other, tr("other refusal") },
        { hold, tr("hold") },
    };
    const QFontMetrics metrics = fontMetrics();
    const int top = height() - legendHeight() + 4;
    const int box = metrics.height() - 4;
    int x = gutter();
    painter.setPen(palette().color(QPalette::Text));
    for (const auto &[sample, label] : entries) {
        painter.fillRect(QRect(x, top + 2, box * 2, box), colourOf(sample));
        x += box * 2 + 6;
        painter.drawText(QRect(x, top, metrics.horizontalAdvance(label) + 2, metrics.height()),
                         Qt::AlignVCenter | Qt::AlignLeft, label);
        x += metrics.horizontalAdvance(label) + 18;
    }
    const QString axis = tr("time: since the first claim was sent");
    painter.drawText(QRect(x, top, std::max(0, width() - x - 8), metrics.height()),
                     Qt::AlignVCenter | Qt::AlignRight, axis);
}

QImage TimelineWidget::exportImage() const
{
    // On screen a lane can be a strip of a few pixels with no room for its name. The file is
    // drawn at its own size instead: every lane tall enough to carry its name, the time axis
    // on top, a legend below, and the same range of time as the screen shows.
    TimelineWidget picture;
    picture.setFont(font());
    picture.setPalette(palette());
    picture.m_lanes = m_lanes;
    picture.m_attempts = m_attempts;
    picture.m_firstUs = m_firstUs;
    picture.m_lastUs = m_lastUs;
    picture.m_zoom = m_zoom;
    picture.m_viewStartUs = m_viewStartUs;
    picture.m_legend = true;
    const int row = fontMetrics().height() + 6;
    picture.resize(std::max(width(), 900),
                   kAxisHeight + std::max<int>(4, int(m_lanes.size())) * row
                       + picture.legendHeight() + 4);
    return picture.grab().toImage();
}

bool TimelineWidget::exportPng(const QString &path, QString *error)
{
    QImageWriter writer(path, "png");
    if (!writer.write(exportImage())) {
        *error = writer.errorString();
        return false;
    }
    return true;
}

#pragma once

#include "simulation/simulationtypes.h"

#include <QImage>
#include <QList>
#include <QStringList>
#include <QWidget>

// The picture of a race: one row per lane, one bar per attempt from send to answer on the
// lanes' shared clock (µs), coloured by outcome (green: won, red: 409, grey: other, blue:
// hold); a winner is marked with a ★ — the seed's "Race Condition Scenario" table, drawn.
//
// Ctrl+wheel zooms around the mouse, the wheel alone pans, a double click fits everything.
// exportPng() saves the range shown as a picture that stands alone (lane names, time axis,
// legend). It asks for room for every lane's name (minimumSizeHint): it is the picture
// trainers come for.
class QPainter;

class TimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineWidget(QWidget *parent = nullptr);

    void setLanes(const QStringList &names);
    void setAttempts(const QList<SimulationAttempt> &attempts);
    void clear();
    // Shows only [fromUs, toUs] (e.g. the last race); an empty range fits everything.
    void showRange(qint64 fromUs, qint64 toUs);
    void fit();
    double zoom() const { return m_zoom; }
    int laneCount() const { return int(m_lanes.size()); }
    int barCount() const { return int(m_attempts.size()); }
    // Each lane's row is tall enough to carry its name in the gutter.
    bool showsLaneNames() const;

    // The picture for a report, whatever room the widget has on screen: lane names, the
    // time axis and a legend of the colours. exportPng() writes it.
    QImage exportImage() const;
    bool exportPng(const QString &path, QString *error);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void zoomChanged(double zoom);

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    void paintLegend(QPainter &painter) const;
    int legendHeight() const;
    int gutter() const;
    int rowHeight() const;
    QRect plotRect() const;
    qint64 fullStartUs() const;
    qint64 fullEndUs() const;
    double usPerPixel() const;
    double xOf(qint64 us) const;

    QStringList m_lanes;
    QList<SimulationAttempt> m_attempts;
    qint64 m_firstUs = 0;
    qint64 m_lastUs = 0;
    double m_zoom = 1.0; // 1: everything fits
    qint64 m_viewStartUs = 0; // left edge of the plot while zoomed
    bool m_legend = false; // drawn in exported pictures only: the screen keeps its room
};

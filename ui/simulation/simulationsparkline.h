#pragma once

#include "simulation/simulationtypes.h"

#include <QList>
#include <QWidget>

// Conflict rate over time, as a small line: the run's time cut into equal slices, each point
// the share of claims answered in that slice that got a 409. Custom-painted (no Qt Charts).
class SimulationSparkline : public QWidget
{
    Q_OBJECT
public:
    explicit SimulationSparkline(QWidget *parent = nullptr);

    void setAttempts(const QList<SimulationAttempt> &attempts);
    // 0–1 per slice; empty slices are -1 (drawn as gaps).
    QList<double> rates() const { return m_rates; }

    QSize sizeHint() const override { return { 260, 56 }; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<double> m_rates;
    double m_overall = 0;
};

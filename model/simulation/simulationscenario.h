#pragma once

#include "simulation/simulationtypes.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

// A trainer's scenario, as a JSON file they can write and share:
//
//   {
//     "name": "Lane 3 holds order 7",
//     "description": "…",
//     "lanes": 8, "orders": 10, "mode": "step",          // race | drain | broadcast | step
//     "rounds": 1, "pick": "random",                      // random | oldest
//     "method": "atomic",                                 // atomic | vulnerable (training only)
//     "think_ms": 0, "jitter_ms": 0, "seed": 42,
//     "steps": [
//       { "at_ms": 0,    "action": "hold", "lane": 3, "order": 7 },
//       { "at_ms": 2000, "action": "race", "lanes": "1-8", "order": 7 }
//     ]
//   }
//
// A step names its lanes as "lane": 3, "lanes": [1, 4, 6] or "lanes": "1-8" (a range).
// Orders are the n-th order of the run's fresh board. Every top-level field but "lanes" and
// "mode" is optional; an unknown field is an error (a typo should not be ignored). A bad file is
// refused with one line naming the line number and the field, e.g.
//   "scenario.json line 4: field "lanes": must be a whole number from 2 to 64"
struct SimulationScenario
{
    QString name;
    QString description;
    SimulationConfig config;
    QList<ScenarioStep> steps;

    static std::optional<SimulationScenario> parse(const QByteArray &json, QString *error);
    static std::optional<SimulationScenario> load(const QString &path, QString *error);
};

// The trends page: draws each chart of GET /luckydraw/api/trends with uPlot, and redraws in place every
// data-refresh seconds (0: paused). Each chart's box says how many points it drew (data-points), for people and tests.
(function () {
    'use strict';
    var root = document.getElementById('trends');
    var colours = ['#14615a', '#c5221f', '#2563eb', '#e37400', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];
    var plots = {};

    function number(v) {
        if (v == null) { return '—'; }
        var abs = Math.abs(v);
        return abs >= 100 || v === Math.round(v) ? String(Math.round(v)) : v.toFixed(abs >= 10 ? 1 : 2);
    }

    function drawn(chart) {
        return chart.series.reduce(function (n, s) {
            return n + s.values.filter(function (v) { return v != null; }).length;
        }, 0);
    }

    function draw(view) {
        document.getElementById('samples').textContent = view.times.length + ' samples so far';
        view.charts.forEach(function (chart) {
            var box = root.querySelector('.trend[data-chart="' + chart.id + '"]');
            if (!box) { return; }
            var plot = box.querySelector('.plot');
            box.setAttribute('data-points', String(drawn(chart)));
            var names = chart.series.map(function (s) { return s.name; }).join('\n');
            var data = [view.times].concat(chart.series.map(function (s) { return s.values; }));
            var existing = plots[chart.id];
            if (existing && existing.names === names) {
                existing.plot.setData(data);
                return;
            }
            if (existing) { existing.plot.destroy(); }
            plot.textContent = '';
            if (chart.series.length === 0) {
                plot.innerHTML = '<p class="muted empty">no values yet</p>';
                delete plots[chart.id];
                return;
            }
            var options = {
                width: Math.max(300, plot.clientWidth), height: 200,
                scales: { x: { time: true } },
                axes: [{}, { size: 56, values: function (u, ticks) { return ticks.map(number); } }],
                series: [{}].concat(chart.series.map(function (s, i) {
                    return {
                        label: s.name, stroke: colours[i % colours.length], width: 2, spanGaps: false,
                        points: { show: true, size: 4 },
                        value: function (u, v) { return v == null ? '—' : number(v) + ' ' + chart.unit; }
                    };
                }))
            };
            plots[chart.id] = { names: names, plot: new uPlot(options, data, plot) };
        });
    }

    function load() {
        fetch(root.getAttribute('data-api'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
            .then(function (r) {
                if (!r.ok) { throw new Error('HTTP ' + r.status); }
                return r.json();
            })
            .then(function (view) {
                document.getElementById('load-error').textContent = '';
                draw(view);
            })
            .catch(function (e) {
                document.getElementById('load-error').textContent = 'Could not load the trends: ' + e.message;
            });
    }

    load();
    var seconds = Number(root.getAttribute('data-refresh'));
    if (seconds > 0) {
        setInterval(load, seconds * 1000);
    }
})();

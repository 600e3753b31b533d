package com.luckydraw.admin.overview;

import com.luckydraw.admin.health.ServiceHealth;
import com.luckydraw.admin.metrics.KeyFigure;
import com.luckydraw.admin.metrics.ServiceMetrics;

import java.util.List;

/** One service on the overview page: its health and the figures read from its meters. */
public record ServiceView(ServiceHealth health, ServiceMetrics metrics, List<KeyFigure> figures) {
}

package com.luckydraw.infra.timeline;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** A purchase's whole path, in time order, as text for a terminal or as JSON for tools. */
public record Timeline(String posId, String bizId, UUID orderId, List<TimelineEntry> entries) {

    public Timeline {
        // Equal times keep the order they were read in: the request before what it caused.
        entries = entries.stream().sorted(Comparator.comparing(TimelineEntry::at)).toList();
    }

    public String text() {
        var out = new StringBuilder("purchase " + posId + "/" + bizId + "  order " + orderId + "\n");
        if (entries.isEmpty()) {
            return out.append("nothing found: no request, order, message or dead letter for this purchase\n")
                    .toString();
        }
        for (TimelineEntry e : entries) {
            out.append(String.format("%-27s %-26s %-20s %s%n", e.at(), e.source(), e.what(), e.summary()));
            if (!e.details().isEmpty()) {
                out.append(String.format("%-27s %s%n", "", e.details().entrySet().stream()
                        .map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining("  "))));
            }
        }
        return out.toString();
    }

    public String json() {
        var mapper = JsonMapper.builder().build();
        ObjectNode root = mapper.createObjectNode().put("posId", posId).put("bizId", bizId)
                .put("orderId", orderId.toString());
        var list = root.putArray("entries");
        for (TimelineEntry e : entries) {
            ObjectNode node = list.addObject().put("at", e.at().toString()).put("source", e.source())
                    .put("what", e.what()).put("summary", e.summary());
            ObjectNode details = node.putObject("details");
            e.details().forEach(details::put);
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}

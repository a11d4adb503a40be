/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateMergerTest {

  private static MinedTemplate template(String text, long count) {
    String[] tokens = text.split(" ");
    return new MinedTemplate(TemplateIds.of(tokens), tokens, count, 0);
  }

  @Test
  void aParenthesisedVariableAsideIsOptional() {
    MinedTemplate plain =
        template("<*> close, <*> bytes sent, <*> bytes received, lifetime <*>", 10);
    MinedTemplate aside =
        template(
            "<*> close, <*> bytes (<*> KB) sent, <*> bytes (<*> <*>) received, lifetime <*>", 5);

    Map<String, TemplateMerger.Group> groups = TemplateMerger.merge(List.of(plain, aside));

    assertThat(groups.get(aside.getId()).id()).isEqualTo(plain.getId());
    assertThat(groups.get(aside.getId()).template()).isEqualTo(plain.text());
  }

  @Test
  void aShortTailBesideAVariableIsPartOfTheValue() {
    MinedTemplate plain = template("<*> close, lifetime <*>", 10);
    MinedTemplate tail = template("<*> close, lifetime <<*> sec", 2);

    assertThat(TemplateMerger.merge(List.of(plain, tail)).get(tail.getId()).id())
        .isEqualTo(plain.getId());
  }

  @Test
  void extraWordsElsewhereAreADifferentEvent() {
    MinedTemplate shorter = template("<*> L3 EDRAM error(s) (dcr <*>) detected and corrected", 10);
    MinedTemplate longer =
        template("<*> L3 EDRAM error(s) (dcr <*>) detected and corrected over <*> seconds", 10);

    Map<String, TemplateMerger.Group> groups = TemplateMerger.merge(List.of(shorter, longer));

    assertThat(groups.get(longer.getId()).id()).isEqualTo(longer.getId());
    assertThat(groups.get(shorter.getId()).id()).isEqualTo(shorter.getId());
  }

  @Test
  void fieldsAndTemplatesOfVariablesOnlyNeverMerge() {
    MinedTemplate fields = template("failure; tty=ssh ruser= <*>", 10);
    MinedTemplate withUser = template("failure; tty=ssh ruser= <*> user=root", 10);
    MinedTemplate onlyVariable = template("<*>", 10);
    MinedTemplate other = template("onExtend:<*> <*> <*>", 10);

    Map<String, TemplateMerger.Group> groups =
        TemplateMerger.merge(List.of(fields, withUser, onlyVariable, other));

    assertThat(groups.values()).extracting(TemplateMerger.Group::id).doesNotHaveDuplicates();
  }
}

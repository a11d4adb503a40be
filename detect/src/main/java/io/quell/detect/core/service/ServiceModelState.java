/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.service;

import io.quell.detect.core.anomaly.AnomalyLikelihood;

/**
 * What the {@link ServiceModel} keeps about one service: its features (series ids) and their last
 * values, the ring of recent vectors the model is fitted to, the fitted model (medians, spreads,
 * centre and precision matrix) and the likelihood of its raw scores. A plain bean for Flink's POJO
 * serializer. Size with the defaults: about {@code (256 × p + p² + 4p) × 8} bytes for p series, 17
 * KB for 8.
 */
public class ServiceModelState {
  private String[] series = new String[0];
  private double[] latest = new double[0];
  private double[] ring = new double[0];
  private int ringSize;
  private int ringNext;
  private int width;
  private long bucket = Long.MIN_VALUE;
  private long vectors;
  private long trainings;
  private int sinceTraining;
  private double[] medians = new double[0];
  private double[] scales = new double[0];
  private double[] centre = new double[0];
  private double[] precision = new double[0];
  private AnomalyLikelihood likelihood = new AnomalyLikelihood();
  private AnomalyLikelihood[] seriesLikelihoods = new AnomalyLikelihood[0];
  private int holdLeft;

  public ServiceModelState() {}

  public String[] getSeries() {
    return series;
  }

  public void setSeries(String[] series) {
    this.series = series;
  }

  public double[] getLatest() {
    return latest;
  }

  public void setLatest(double[] latest) {
    this.latest = latest;
  }

  public double[] getRing() {
    return ring;
  }

  public void setRing(double[] ring) {
    this.ring = ring;
  }

  public int getRingSize() {
    return ringSize;
  }

  public void setRingSize(int ringSize) {
    this.ringSize = ringSize;
  }

  public int getRingNext() {
    return ringNext;
  }

  public void setRingNext(int ringNext) {
    this.ringNext = ringNext;
  }

  public int getWidth() {
    return width;
  }

  public void setWidth(int width) {
    this.width = width;
  }

  public long getBucket() {
    return bucket;
  }

  public void setBucket(long bucket) {
    this.bucket = bucket;
  }

  public long getVectors() {
    return vectors;
  }

  public void setVectors(long vectors) {
    this.vectors = vectors;
  }

  public long getTrainings() {
    return trainings;
  }

  public void setTrainings(long trainings) {
    this.trainings = trainings;
  }

  public int getSinceTraining() {
    return sinceTraining;
  }

  public void setSinceTraining(int sinceTraining) {
    this.sinceTraining = sinceTraining;
  }

  public double[] getMedians() {
    return medians;
  }

  public void setMedians(double[] medians) {
    this.medians = medians;
  }

  public double[] getScales() {
    return scales;
  }

  public void setScales(double[] scales) {
    this.scales = scales;
  }

  public double[] getCentre() {
    return centre;
  }

  public void setCentre(double[] centre) {
    this.centre = centre;
  }

  /** The inverse covariance of the standardized features, row by row. */
  public double[] getPrecision() {
    return precision;
  }

  public void setPrecision(double[] precision) {
    this.precision = precision;
  }

  public AnomalyLikelihood getLikelihood() {
    return likelihood;
  }

  public void setLikelihood(AnomalyLikelihood likelihood) {
    this.likelihood = likelihood;
  }

  /** Per feature, the likelihood of its deviations from what the other features make expected. */
  public AnomalyLikelihood[] getSeriesLikelihoods() {
    return seriesLikelihoods;
  }

  public void setSeriesLikelihoods(AnomalyLikelihood[] seriesLikelihoods) {
    this.seriesLikelihoods = seriesLikelihoods;
  }

  public int getHoldLeft() {
    return holdLeft;
  }

  public void setHoldLeft(int holdLeft) {
    this.holdLeft = holdLeft;
  }
}

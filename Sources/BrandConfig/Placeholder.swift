import Yams
public enum BrandConfigPlaceholder {}
